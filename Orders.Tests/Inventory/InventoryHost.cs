using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.Inventory;
using Orders.Migrations;
using Orders.Testing;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Tests.Inventory;

/// <summary>
/// The real Inventory app (same <c>AddInventory</c>/<c>MapInventory</c> as Program.cs) on Kestrel, HTTP/2 only on a
/// free port, over a fresh migrated database; one per test class. Clients talk to it over real h2c.
/// </summary>
public sealed class InventoryHost : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly TestDatabase? _database;
    private readonly GrpcChannel _channel;

    private InventoryHost(WebApplication app, TestDatabase? database, Uri address)
    {
        _app = app;
        _database = database;
        Address = address;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // Lets the concurrency tests run more calls at once than one connection's stream limit.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        Client = new InventoryClient(_channel);
        Health = new Health.HealthClient(_channel);
        Http = new HttpClient
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Uri Address { get; }

    public GrpcChannel Channel => _channel;

    /// <summary>The HTTP/1.1 operations listener, when the host was started with <c>Operations:Urls</c>.</summary>
    public Uri OperationsAddress => _app.OperationsAddress();

    public InventoryClient Client { get; }

    public Health.HealthClient Health { get; }

    /// <summary>Plain HTTP/2 (prior knowledge) to the same endpoint, for the health URLs.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Connection string of this host's database (null for a host started without one).</summary>
    public string? ConnectionString => _database?.ConnectionString;

    /// <summary>Creates and migrates a database, starts the app on it and waits until it is ready (catalogue seeded).</summary>
    /// <param name="purpose">Names the database, for whoever looks at the server while tests run.</param>
    /// <param name="clock">Replaces <see cref="TimeProvider.System"/>, e.g. with a FakeTimeProvider.</param>
    /// <param name="settings">Configuration on top of the app's own, e.g. <c>Inventory:SweepInterval</c>.</param>
    public static async Task<InventoryHost> StartAsync(
        string purpose, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(purpose);
        try
        {
            await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
            var host = await StartAsync(database.ConnectionString, database, clock, settings);
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts another app on a database someone else created and migrated, without waiting for it to be ready.</summary>
    public static Task<InventoryHost> StartOnDatabaseAsync(string connectionString) =>
        StartAsync(connectionString, database: null, clock: null, settings: null);

    /// <summary>Starts the app against a PostgreSQL address where nothing listens.</summary>
    public static Task<InventoryHost> StartWithoutDatabaseAsync() =>
        StartOnDatabaseAsync("Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=none;Timeout=2");

    /// <summary>Polls <c>/health/ready</c> until it answers 200.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyDeadline;
        while (true)
        {
            using (var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Inventory at {Address} was not ready within {ReadyDeadline}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static async Task<InventoryHost> StartAsync(
        string connectionString, TestDatabase? database, TimeProvider? clock, IReadOnlyDictionary<string, string?>? settings)
    {
        // Several test classes and the other suites share one PostgreSQL: keep this host's share of connections small.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 20 }.ConnectionString;
        var builder = LoopbackApp.CreateBuilder(typeof(InventoryExtensions).Assembly, "Http2", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = connectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.AddInventory();
        var app = builder.Build();
        app.MapInventory();
        await app.StartAsync();

        var address = app.Address();
        return new InventoryHost(app, database, address);
    }
}
