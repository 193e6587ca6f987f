using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.Testing;

namespace Orders.Workers.Tests.Hosting;

/// <summary>
/// A second bus on the test's virtual host, standing in for the rest of the system: it sends commands and publishes
/// events to the workers under test, and records every event they publish.
/// </summary>
public sealed class BusObserver : IAsyncDisposable
{
    private readonly IHost _host;

    private BusObserver(IHost host)
    {
        _host = host;
        Bus = host.Services.GetRequiredService<IBus>();
        Events = host.Services.GetRequiredService<RecordedEvents>();
    }

    public IBus Bus { get; }

    public RecordedEvents Events { get; }

    public static async Task<BusObserver> StartAsync(TestVirtualHost virtualHost)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<RecordedEvents>();
        // The observer's queue is bound before a test starts, so no event published afterwards is missed.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<EventRecorder>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(virtualHost.AmqpUri);
                cfg.ReceiveEndpoint("test-observer", endpoint => endpoint.ConfigureConsumer<EventRecorder>(context));
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        return new BusObserver(host);
    }

    public async Task SendAsync<T>(string queue, T message)
        where T : class
    {
        var endpoint = await Bus.GetSendEndpoint(Endpoints.Queue(queue));
        await endpoint.Send(message);
    }

    public Task PublishAsync<T>(T message)
        where T : class => Bus.Publish(message);

    /// <summary>Asks the saga to cancel, as the API does.</summary>
    public async Task<Response<OrderCancellationAccepted, OrderCancellationRejected>> CancelAsync(Guid orderId)
    {
        var client = Bus.CreateRequestClient<CancelOrder>(Endpoints.Queue(Endpoints.OrderSaga), RequestTimeout.After(s: 30));
        return await client.GetResponse<OrderCancellationAccepted, OrderCancellationRejected>(new CancelOrder(orderId));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
