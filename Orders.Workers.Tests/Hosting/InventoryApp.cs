using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Orders.Contracts.Inventory;
using Orders.Inventory;
using Orders.Testing;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Workers.Tests.Hosting;

/// <summary>The real Inventory app on a free port (h2c), over the test's migrated database, with a client to it.</summary>
public sealed class InventoryApp : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private InventoryApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        Client = new InventoryClient(_channel);
    }

    public Uri Address { get; }

    public InventoryClient Client { get; }

    public static async Task<InventoryApp> StartAsync(string connectionString)
    {
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 }.ConnectionString;
        var builder = LoopbackApp.CreateBuilder(typeof(InventoryExtensions).Assembly, "Http2", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = connectionString,
        });
        builder.AddInventory();
        var app = builder.Build();
        app.MapInventory();
        await app.StartAsync();

        var address = app.Address();
        var inventory = new InventoryApp(app, address);
        await inventory.WaitUntilReadyAsync();
        return inventory;
    }

    /// <summary>Reserves <paramref name="quantity"/> of <paramref name="sku"/> for the order, as the API does before submitting it.</summary>
    public async Task<ReserveStockReply> ReserveAsync(Guid orderId, string sku, int quantity) =>
        await Client.ReserveStockAsync(new ReserveStockRequest
        {
            OrderId = orderId.ToString(),
            Lines = { new ReserveLine { Sku = sku, Quantity = quantity } },
        });

    public async Task<StockLevel> StockAsync(string sku) =>
        (await Client.GetStockAsync(new GetStockRequest { Skus = { sku } })).Items.Single();

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient
        {
            BaseAddress = Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var deadline = DateTime.UtcNow + ReadyDeadline;
        while (true)
        {
            using (var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
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
}
