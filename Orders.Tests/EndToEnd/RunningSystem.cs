using System.Net.Http.Headers;
using Grpc.Net.Client;
using Orders.Contracts.Inventory;
using Orders.Migrations;
using Orders.Testing;
using Orders.Testing.Quiet;
using InventoryService = Orders.Contracts.Inventory.Inventory;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// The whole system as processes on loopback ports: Inventory, Workers and Api, the real executables, on a fresh
/// PostgreSQL database and RabbitMQ virtual host per test class. Tests talk to it only as clients do: REST and gRPC.
/// </summary>
public abstract class RunningSystem
{
    private readonly string _signingKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
    private GrpcChannel? _inventoryChannel;

    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    protected ServiceProcess InventoryProcess { get; private set; } = null!;

    protected ServiceProcess WorkersProcess { get; private set; } = null!;

    protected ServiceProcess ApiProcess { get; private set; } = null!;

    protected InventoryService.InventoryClient InventoryClient { get; private set; } = null!;

    /// <summary>The three processes' database and virtual host, to wait until everything they set off has settled.</summary>
    protected TestSystem System { get; private set; } = null!;

    /// <summary>Environment variables that a test class gives Inventory, Workers and the Api on top of the usual ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>A customer with a token, and a second one who must not see the first one's orders.</summary>
    protected OrdersClient Alice { get; private set; } = null!;

    protected OrdersClient Bob { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        await Migrator.MigrateAsync(Database.ConnectionString, CancellationToken.None);

        var common = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__RabbitMq"] = VirtualHost.AmqpUri.ToString(),
        };
        foreach (var (key, value) in Settings)
        {
            common[key] = value;
        }

        var inventoryPort = ServiceProcess.FreePort();
        InventoryProcess = new ServiceProcess("inventory", "Orders.Inventory", inventoryPort, With(common, new()
        {
            ["ConnectionStrings__Inventory"] = Database.ConnectionString,
        }));
        WorkersProcess = new ServiceProcess("workers", "Orders.Workers", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Workers"] = Database.ConnectionString,
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",

            // A payment that never answers holds its consumer for this long (10 s by default); the simulated gateway
            // answers every other token at once, so a short limit changes nothing else.
            ["Payments__GatewayTimeout"] = "00:00:01",
        }));
        ApiProcess = new ServiceProcess("api", "Orders.Api", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Ordering"] = Database.ConnectionString,
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",
            ["Auth__SigningKey"] = _signingKey,

            // The 2 s default is tested in Orders.Api.Tests; here a loaded CI machine must not turn a slow first call into a 503.
            ["Inventory__Deadline"] = "00:00:10",
        }));

        InventoryProcess.Start();
        WorkersProcess.Start();
        ApiProcess.Start();
        await InventoryProcess.WhenReadyAsync(http2: true);
        await WorkersProcess.WhenReadyAsync(http2: false);
        await ApiProcess.WhenReadyAsync(http2: false);

        System = new TestSystem(Database.ConnectionString, VirtualHost);
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

        if (WorkersProcess is not null)
        {
            await WorkersProcess.DisposeAsync();
        }

        if (InventoryProcess is not null)
        {
            await InventoryProcess.DisposeAsync();
        }

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
            foreach (var process in new[] { ApiProcess, WorkersProcess, InventoryProcess })
            {
                await TestContext.Out.WriteLineAsync(process.LogTail());
            }
        }
    }

    protected async Task<StockLevel> StockOfAsync(string sku) =>
        (await InventoryClient.GetStockAsync(new GetStockRequest { Skus = { sku } })).Items.Single();

    /// <summary>A SKU of the demo catalogue that no other test of the class touches, so its stock figures are its own.</summary>
    protected static string Sku(int number) => $"SKU-{number:0000}";

    private async Task<string> MintTokenAsync(string customer)
    {
        var output = await ApiProcess.RunToCompletionAsync("token", customer);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    private static Dictionary<string, string> With(Dictionary<string, string> common, Dictionary<string, string> own) =>
        common.Concat(own).ToDictionary(x => x.Key, x => x.Value);
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
