using Npgsql;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Api.Tests.Support;

/// <summary>
/// Each test class gets a fresh database (every schema migrated), a RabbitMQ virtual host, a real Inventory, the real
/// API and a saga double on the bus; tests reach the API over HTTP as customers with their own tokens.
/// </summary>
public abstract class ApiFixture
{
    private readonly List<ApiHost> _extraHosts = [];

    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    protected InventoryServer Inventory { get; private set; } = null!;

    protected ApiHost Api { get; private set; } = null!;

    protected SagaDouble Saga { get; private set; } = null!;

    /// <summary>Configuration of this class's API on top of the test defaults; a null value drops a test default.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ApiSettings { get; } = new Dictionary<string, string?>();

    [OneTimeSetUp]
    public async Task StartServers()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        await Migrator.MigrateAsync(Database.ConnectionString, CancellationToken.None);
        Inventory = await InventoryServer.StartAsync(Database.ConnectionString);
        Saga = await SagaDouble.StartAsync(VirtualHost.AmqpUri, Database.ConnectionString);
        Api = await StartApiAsync(ApiSettings);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        foreach (var host in _extraHosts)
        {
            await host.DisposeAsync();
        }

        await Api.DisposeAsync();
        await Saga.DisposeAsync();
        await Inventory.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// Another API host on this class's servers, with different settings (a null value drops a test default, so the API's
    /// own applies); stopped with the class.
    /// </summary>
    protected async Task<ApiHost> StartApiAsync(IReadOnlyDictionary<string, string?> settings, string? connectionString = null, Uri? inventory = null)
    {
        // A cold Inventory on a loaded machine must not turn a class's first order into a 503; deadline tests set their own.
        // One test customer places far more orders than the per-customer rate limit allows; AbuseLimitsTests sets its own.
        var withDefaults = new Dictionary<string, string?>
        {
            ["Inventory:Deadline"] = "00:00:10",
            ["RateLimiting:PlaceOrder:PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in settings)
        {
            if (value is null)
            {
                withDefaults.Remove(key);
            }
            else
            {
                withDefaults[key] = value;
            }
        }

        var host = await ApiHost.StartAsync(connectionString ?? PooledConnectionString, VirtualHost.AmqpUri, inventory ?? Inventory.Address, withDefaults);
        if (Api is not null)
        {
            _extraHosts.Add(host);
        }

        return host;
    }

    protected CustomerClient Customer(string? customerId = null, ApiHost? host = null) =>
        new((host ?? Api).Http, customerId ?? $"customer-{Guid.NewGuid():N}");

    protected async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected Task<long> OrdersOfAsync(string customerId) =>
        ScalarAsync<long>("SELECT count(*) FROM ordering.orders WHERE customer_id = @customer", ("customer", customerId));

    /// <summary>Reservations still holding stock of <paramref name="sku"/>.</summary>
    protected Task<long> HeldReservationsAsync(string sku) =>
        ScalarAsync<long>(
            "SELECT count(*) FROM inventory.reservations r JOIN inventory.reservation_lines l ON l.order_id = r.order_id " +
            "WHERE l.sku = @sku AND r.status = 'Reserved'",
            ("sku", sku));

    // Several hosts share one PostgreSQL: keep each host's share of connections small.
    private string PooledConnectionString => new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;
}
