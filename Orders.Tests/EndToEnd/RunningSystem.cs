using System.Net;
using System.Net.Http.Headers;
using Grpc.Net.Client;
using Orders.Contracts.Inventory;
using Orders.Migrations;
using Orders.Testing;
using InventoryService = Orders.Contracts.Inventory.Inventory;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// The whole system as processes on loopback ports: Inventory, Workers and Api, the real executables, on a fresh
/// PostgreSQL database and RabbitMQ virtual host per test class, each service as its own PostgreSQL role and RabbitMQ user. Tests talk to it only as clients do: REST and gRPC.
/// </summary>
public abstract class RunningSystem
{
    /// <summary>Short enough to test the payment-timeout path, long enough for every other path to pay first.</summary>
    protected static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ReadinessPoll = TimeSpan.FromMilliseconds(100);

    private readonly string _signingKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
    private GrpcChannel? _inventoryChannel;

    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    protected ServiceProcess InventoryProcess { get; private set; } = null!;

    protected ServiceProcess WorkersProcess { get; private set; } = null!;

    protected ServiceProcess ApiProcess { get; private set; } = null!;

    protected InventoryService.InventoryClient InventoryClient { get; private set; } = null!;

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
        };
        var inventoryPort = ServiceProcess.FreePort();
        InventoryProcess = new ServiceProcess("inventory", "Orders.Inventory", inventoryPort, With(common, new()
        {
            ["ConnectionStrings__Inventory"] = Database.ConnectionStringAs(ServiceRoles.Inventory),
        }));
        WorkersProcess = new ServiceProcess("workers", "Orders.Workers", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Workers"] = Database.ConnectionStringAs(ServiceRoles.Workers),
            ["ConnectionStrings__RabbitMq"] = (await VirtualHost.CreateServiceUserAsync("orders-workers")).ToString(),
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",
            ["Workflow__PaymentTimeout"] = PaymentTimeout.ToString(),
        }));
        ApiProcess = new ServiceProcess("api", "Orders.Api", ServiceProcess.FreePort(), With(common, new()
        {
            ["ConnectionStrings__Ordering"] = Database.ConnectionStringAs(ServiceRoles.Api),
            ["ConnectionStrings__RabbitMq"] = (await VirtualHost.CreateServiceUserAsync("orders-api")).ToString(),
            ["Inventory__Address"] = $"http://127.0.0.1:{inventoryPort}",
            ["Auth__SigningKey"] = _signingKey,

            // The 2 s default is tested in Orders.Api.Tests; here a loaded CI machine must not turn a slow first call into a 503.
            ["Inventory__Deadline"] = "00:00:10",
        }));

        InventoryProcess.Start();
        WorkersProcess.Start();
        ApiProcess.Start();
        await WhenReadyAsync(InventoryProcess, http2: true);
        await WhenReadyAsync(WorkersProcess, http2: false);
        await WhenReadyAsync(ApiProcess, http2: false);

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

    private static async Task WhenReadyAsync(ServiceProcess process, bool http2)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (http2)
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
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
                Assert.Fail($"{process.LogFile} did not become ready\n{process.LogTail()}");
            }

            await Task.Delay(ReadinessPoll);
        }
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
