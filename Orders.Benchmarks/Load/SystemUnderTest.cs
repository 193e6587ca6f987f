using System.Net;
using Grpc.Net.Client;
using Orders.Contracts.Inventory;
using Orders.Migrations;
using Orders.Testing;
using InventoryService = Orders.Contracts.Inventory.Inventory;

namespace Orders.Benchmarks.Load;

/// <summary>
/// The whole system for one benchmark run: a fresh PostgreSQL database and RabbitMQ virtual host (dropped afterwards),
/// the migrations applied, and the Release executables of Inventory, Workers and Api on free loopback ports, with
/// the demo catalogue's stock raised so that no order of the run is refused for want of stock.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    public const int Skus = 24;

    private const int StockPerSku = 100_000_000;

    private readonly List<ServiceProcess> _processes = [];

    private SystemUnderTest(TestDatabase database, TestVirtualHost virtualHost)
    {
        Database = database;
        VirtualHost = virtualHost;
    }

    public TestDatabase Database { get; }

    public TestVirtualHost VirtualHost { get; }

    public ServiceProcess Api => _processes.Single(p => p.Name == "api");

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>A bearer token of the benchmark's customer.</summary>
    public string Token { get; private set; } = "";

    public static async Task<SystemUnderTest> StartAsync(string logFolder, IReadOnlyDictionary<string, string> environment)
    {
        var database = await TestDatabase.CreateAsync("load");
        var virtualHost = await TestVirtualHost.CreateAsync("load");
        var system = new SystemUnderTest(database, virtualHost);
        try
        {
            await system.StartProcessesAsync(logFolder, environment);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task StartProcessesAsync(string logFolder, IReadOnlyDictionary<string, string> environment)
    {
        await Migrator.MigrateAsync(Database.ConnectionString, CancellationToken.None);
        var signingKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var common = new Dictionary<string, string>
        {
            // Development: the services refuse the development database password in Production.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__RabbitMq"] = VirtualHost.AmqpUri.ToString(),
        };
        foreach (var (key, value) in environment)
        {
            common[key] = value;
        }

        var inventory = new ServiceProcess("inventory", "Orders.Inventory", With(common, new()
        {
            ["ConnectionStrings__Inventory"] = Database.ConnectionString,
        }), logFolder);
        var inventoryAddress = inventory.Address.ToString();
        var workers = new ServiceProcess("workers", "Orders.Workers", With(common, new()
        {
            ["ConnectionStrings__Workers"] = Database.ConnectionString,
            ["Inventory__Address"] = inventoryAddress,
        }), logFolder);
        var api = new ServiceProcess("api", "Orders.Api", With(common, new()
        {
            ["ConnectionStrings__Ordering"] = Database.ConnectionString,
            ["Inventory__Address"] = inventoryAddress,
            ["Auth__SigningKey"] = signingKey,
            // A few test customers place streams of orders: far past the per-customer rate limit meant for real clients.
            ["RateLimiting__PlaceOrder__PermitLimit"] = "1000000",
        }), logFolder);
        _processes.AddRange([inventory, workers, api]);
        foreach (var process in _processes)
        {
            process.Start();
        }

        foreach (var process in _processes)
        {
            await WhenReadyAsync(process, http2: process == inventory);
        }

        Token = await api.RunCommandAsync("token", "load-" + Guid.NewGuid().ToString("N")[..8]);
        using var channel = GrpcChannel.ForAddress(inventory.Address);
        var client = new InventoryService.InventoryClient(channel);
        for (var sku = 1; sku <= Skus; sku++)
        {
            await client.SetStockAsync(new SetStockRequest { Sku = Sku(sku), OnHand = StockPerSku });
        }
    }

    public static string Sku(int number) => $"SKU-{number:0000}";

    private static async Task WhenReadyAsync(ServiceProcess process, bool http2)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (http2)
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(process.Address, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while it starts.
            }

            if (!process.IsRunning || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{process.Name} did not become ready; see {process.LogFile}");
            }

            await Task.Delay(200);
        }
    }

    // The service's own settings first, so that --env can still override them.
    private static Dictionary<string, string> With(Dictionary<string, string> common, Dictionary<string, string> own) =>
        own.Concat(common).GroupBy(x => x.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
