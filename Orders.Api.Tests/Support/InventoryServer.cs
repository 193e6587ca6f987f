using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orders.Inventory;
using Orders.Testing;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Api.Tests.Support;

/// <summary>
/// The real Inventory app (its own <c>AddInventory</c>/<c>MapInventory</c>) on a loopback port, h2c, over the test
/// class's database. <see cref="Slowness"/> delays its calls, to drive the API past its deadline.
/// </summary>
public sealed class InventoryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private bool _stopped;

    private InventoryServer(WebApplication app, Uri address, Slowness slowness)
    {
        _app = app;
        Address = address;
        Slowness = slowness;
        _channel = GrpcChannel.ForAddress(address);
        Client = new InventoryClient(_channel);
    }

    public Uri Address { get; }

    public InventoryClient Client { get; }

    public Slowness Slowness { get; }

    public static async Task<InventoryServer> StartAsync(string connectionString)
    {
        var builder = LoopbackApp.CreateBuilder(typeof(InventoryExtensions).Assembly, "Http2", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = connectionString,
        });
        var slowness = new Slowness();
        builder.Services.AddSingleton(slowness);
        builder.AddInventory();
        builder.Services.AddGrpc(options => options.Interceptors.Add<SlownessInterceptor>());
        var app = builder.Build();
        app.MapInventory();
        await app.StartAsync();

        var address = app.Address();
        var server = new InventoryServer(app, address, slowness);
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async Task<int> ReservedAsync(string sku)
    {
        var reply = await Client.GetStockAsync(new Contracts.Inventory.GetStockRequest { Skus = { sku } });
        return reply.Items.Single().Reserved;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await StopAsync();
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
        var ready = await Eventually.Holds(async () =>
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        });
        if (!ready)
        {
            throw new TimeoutException($"Inventory at {Address} did not become ready.");
        }
    }

    private sealed class SlownessInterceptor(Slowness slowness) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (context.Method.EndsWith("/ReleaseReservation", StringComparison.Ordinal) && slowness.TakeFailingRelease())
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "The inventory database is unavailable (injected)."));
            }

            if (slowness.Delay is { } delay && context.Method.EndsWith("/ReserveStock", StringComparison.Ordinal))
            {
                // The caller's deadline cancels this wait, as it would cancel a slow database call.
                await Task.Delay(delay, context.CancellationToken);
            }

            return await continuation(request, context);
        }
    }
}
