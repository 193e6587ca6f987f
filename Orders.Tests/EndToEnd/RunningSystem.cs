using System.Net.Http.Headers;
using Grpc.Net.Client;
using Npgsql;
using Orders.Contracts.Inventory;
using Orders.Migrations;
using Orders.Testing;
using Orders.Testing.Quiet;
using InventoryService = Orders.Contracts.Inventory.Inventory;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// The whole system as processes on loopback ports: Inventory, Workers and Api, the real executables, on a fresh
/// PostgreSQL database and RabbitMQ virtual host per test class, each service as its own PostgreSQL role and RabbitMQ user. Tests talk to it only as clients do: REST and gRPC.
/// </summary>
public abstract class RunningSystem
{
    private readonly string _signingKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
    private GrpcChannel? _inventoryChannel;

    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    /// <summary>The database every service of the system uses (their schemas side by side).</summary>
    protected string DatabaseConnectionString { get; private set; } = null!;

    protected ServiceProcess InventoryProcess { get; private set; } = null!;

    /// <summary>The first (or only) Workers replica.</summary>
    protected ServiceProcess WorkersProcess => WorkersReplicas[0];

    /// <summary>Every Workers replica, each running all roles: they compete on the same queues.</summary>
    protected IReadOnlyList<ServiceProcess> WorkersReplicas { get; private set; } = [];

    protected ServiceProcess ApiProcess { get; private set; } = null!;

    protected InventoryService.InventoryClient InventoryClient { get; private set; } = null!;

    /// <summary>The three processes' database and virtual host, to wait until everything they set off has settled.</summary>
    protected TestSystem System { get; private set; } = null!;

    /// <summary>Environment variables that a test class gives Inventory, Workers and the Api on top of the usual ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>A customer with a token, and a second one who must not see the first one's orders.</summary>
    protected OrdersClient Alice { get; private set; } = null!;

    protected OrdersClient Bob { get; private set; } = null!;

    /// <summary>How many Workers replicas the system runs.</summary>
    protected virtual int WorkersCount => 1;

    /// <summary>The saga's payment timeout in this system; null keeps the Workers' default (2 min).</summary>
    protected virtual TimeSpan? WorkflowPaymentTimeout => null;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        var database = await StartDatabaseAsync();
        var broker = await StartBrokerAsync();
        DatabaseConnectionString = database;
        await Migrator.MigrateAsync(database, CancellationToken.None);

        var common = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
        };
        foreach (var (key, value) in Settings)
        {
            common[key] = value;
        }

        // Each service as its own PostgreSQL role and RabbitMQ user, as deployed (docs/security.md).
        var workersBroker = await ServiceBrokerAsync(broker, "orders-workers");
        var apiBroker = await ServiceBrokerAsync(broker, "orders-api");
        var opsBroker = await ServiceBrokerAsync(broker, "orders-ops");
        var inventoryPort = ServiceProcess.FreePort();
        InventoryProcess = new ServiceProcess("inventory", "Orders.Inventory", inventoryPort, With(common, new()
        {
            ["ConnectionStrings__Inventory"] = ServiceDatabase(database, ServiceRoles.Inventory),
            ["ConnectionStrings__RabbitMq"] = broker.ToString(),
        }));
        WorkersReplicas = [.. Enumerable.Range(0, WorkersCount).Select(_ => new ServiceProcess("workers", "Orders.Workers", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Workers"] = ServiceDatabase(database, ServiceRoles.Workers),
            ["ConnectionStrings__RabbitMq"] = workersBroker.ToString(),
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",

            // A payment that never answers holds its consumer for this long (10 s by default); the simulated gateway
            // answers every other token at once, so a short limit changes nothing else.
            ["Payments__GatewayTimeout"] = "00:00:01",
        }, WorkflowPaymentTimeout is { } timeout ? new() { ["Workflow__PaymentTimeout"] = timeout.ToString() } : null)))];
        ApiProcess = new ServiceProcess("api", "Orders.Api", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Ordering"] = ServiceDatabase(database, ServiceRoles.Api),
            ["ConnectionStrings__RabbitMq"] = apiBroker.ToString(),
            ["ConnectionStrings__RabbitMqOps"] = opsBroker.ToString(),
            ["Ops__ManagementAddress"] = $"http://{TestEnvironment.RabbitMqHost}:{TestEnvironment.RabbitMqManagementPort}/",
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",
            ["Auth__SigningKey"] = _signingKey,
            // A few test customers place streams of orders: far past the per-customer rate limit meant for real clients.
            ["RateLimiting__PlaceOrder__PermitLimit"] = "1000000",

            // The 2 s default is tested in Orders.Api.Tests; here a loaded CI machine must not turn a slow first call into a 503.
            ["Inventory__Deadline"] = "00:00:10",
        }));

        InventoryProcess.Start();
        foreach (var workers in WorkersReplicas)
        {
            workers.Start();
        }

        ApiProcess.Start();
        await WhenReadyAsync(InventoryProcess);
        foreach (var workers in WorkersReplicas)
        {
            await WhenReadyAsync(workers);
        }

        await WhenReadyAsync(ApiProcess);

        System = new TestSystem(DatabaseConnectionString, VirtualHost);
        _inventoryChannel = GrpcChannel.ForAddress(InventoryProcess.Address);
        InventoryClient = new InventoryService.InventoryClient(_inventoryChannel);
        Alice = new OrdersClient(ApiProcess.Address, await MintTokenAsync("alice-" + Guid.NewGuid().ToString("N")[..8]));
        Bob = new OrdersClient(ApiProcess.Address, await MintTokenAsync("bob-" + Guid.NewGuid().ToString("N")[..8]));
    }

    [OneTimeTearDown]
    public async Task StopSystem()
    {
        Alice?.Dispose();
        Bob?.Dispose();
        _inventoryChannel?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        if (ApiProcess is not null)
        {
            await ApiProcess.DisposeAsync();
        }

        foreach (var workers in WorkersReplicas)
        {
            await workers.DisposeAsync();
        }

        if (InventoryProcess is not null)
        {
            await InventoryProcess.DisposeAsync();
        }

        await StopServersAsync();
    }

    /// <summary>The system's database: by default a fresh one on the shared server (<see cref="Database"/>).</summary>
    protected virtual async Task<string> StartDatabaseAsync()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        return Database.ConnectionString;
    }

    /// <summary>The system's broker: by default a fresh virtual host on the shared server (<see cref="VirtualHost"/>).</summary>
    protected virtual async Task<Uri> StartBrokerAsync()
    {
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        return VirtualHost.AmqpUri;
    }

    protected virtual async Task StopServersAsync()
    {
        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    [TearDown]
    public async Task PrintLogsOfFailures()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            foreach (var process in WorkersReplicas.Prepend(ApiProcess).Append(InventoryProcess))
            {
                await TestContext.Out.WriteLineAsync(process.LogTail());
            }
        }
    }

    protected async Task<StockLevel> StockOfAsync(string sku) =>
        (await InventoryClient.GetStockAsync(new GetStockRequest { Skus = { sku } })).Items.Single();

    /// <summary>A SKU of the demo catalogue that no other test of the class touches, so its stock figures are its own.</summary>
    protected static string Sku(int number) => $"SKU-{number:0000}";

    /// <summary>A token from the Api's own <c>token</c> command; <c>--role ops</c> makes it an operator's.</summary>
    protected async Task<string> MintTokenAsync(string customer, params string[] options)
    {
        var output = await ApiProcess.RunToCompletionAsync(["token", customer, .. options]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    /// <summary>Waits until the service answers /health/ready (Inventory over h2c); fails the test after a minute and a half.</summary>
    protected Task WhenReadyAsync(ServiceProcess process) =>
        process.WhenReadyAsync(http2: process == InventoryProcess, TimeSpan.FromSeconds(90));

    /// <summary>The service's own login on the system's database (the roles exist on every server the tests use).</summary>
    private static string ServiceDatabase(string database, string role) =>
        new NpgsqlConnectionStringBuilder(database) { Username = role, Password = TestEnvironment.ServiceRolePassword }.ConnectionString;

    /// <summary>
    /// The service's own RabbitMQ user on the test's virtual host, limited as scripts/rabbitmq-definitions.json limits it;
    /// on a private broker node (fault tests), which has no such users, the broker's own.
    /// </summary>
    private async Task<Uri> ServiceBrokerAsync(Uri broker, string user) =>
        VirtualHost is { } virtualHost ? await virtualHost.CreateServiceUserAsync(user) : broker;

    private static Dictionary<string, string> With(Dictionary<string, string> common, Dictionary<string, string> own, Dictionary<string, string>? more = null) =>
        common.Concat(own).Concat(more ?? []).ToDictionary(x => x.Key, x => x.Value);
}

/// <summary>The REST API as one customer sees it.</summary>
public sealed class OrdersClient : IDisposable
{
    public OrdersClient(Uri api, string token)
    {
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
