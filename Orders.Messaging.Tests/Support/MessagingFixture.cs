using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Orders.Messaging.Outbox;
using Orders.Testing;

namespace Orders.Messaging.Tests.Support;

/// <summary>Each test class gets its own database and RabbitMQ virtual host; each test its own hosts.</summary>
public abstract class MessagingFixture
{
    private readonly List<IHost> _hosts = [];

    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    protected Observations Observations { get; private set; } = null!;

    /// <summary>The broker the hosts connect to: the class's virtual host on the shared server unless overridden.</summary>
    protected virtual Uri Broker => VirtualHost.AmqpUri;

    [OneTimeSetUp]
    public async Task CreateServers()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        await MessagingHost.CreateSchemaAsync(Database);
    }

    [OneTimeTearDown]
    public async Task DropServers()
    {
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    [SetUp]
    public void FreshObservations() => Observations = new Observations();

    [TearDown]
    public async Task StopHosts()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
        }

        _hosts.Clear();
    }

    protected async Task<IHost> StartHostAsync(HostShape? shape = null)
    {
        var host = await MessagingHost.StartAsync(Database, Broker, Observations, shape);
        _hosts.Add(host);
        return host;
    }

    protected async Task StopHostAsync(IHost host)
    {
        _hosts.Remove(host);
        await host.StopAsync();
    }

    protected TestDbContext OpenDb() =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(Database.ConnectionString).Options);

    protected async Task<int> PendingOutboxRowsAsync()
    {
        await using var db = OpenDb();
        return await db.Set<OutboxMessage>().CountAsync();
    }
}
