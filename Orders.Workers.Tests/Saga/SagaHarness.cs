using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orders.Workers.Saga;

namespace Orders.Workers.Tests.Saga;

/// <summary>
/// A fresh in-memory bus with the order saga (in-memory repository, delayed scheduler) for one test. Messages are
/// published with known ids, and each call returns once the bus has consumed that very message; what was sent and
/// published is then read as it stands, without waiting.
/// </summary>
public sealed class SagaHarness : IAsyncDisposable
{
    // The harness's lists wait for more matches unless told not to; an already cancelled token reads what is there now.
    private static readonly CancellationToken Snapshot = new(canceled: true);

    private readonly ServiceProvider _provider;

    private SagaHarness(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = provider.GetRequiredService<OrderStateMachine>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }

    public OrderStateMachine Machine { get; }

    public static async Task<SagaHarness> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.Configure<WorkflowOptions>(options => options.PaymentTimeout = TimeSpan.FromMinutes(2));
        services.AddMassTransitTestHarness(x =>
        {
            // Waits end when the awaited message arrives; a short inactivity timeout would end every later wait at once.
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(30), testInactivityTimeout: TimeSpan.FromSeconds(30));
            x.AddDelayedMessageScheduler();
            x.AddSagaStateMachine<OrderStateMachine, OrderState>();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseDelayedMessageScheduler();
                cfg.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new SagaHarness(provider);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>Publishes <paramref name="message"/> and waits until the bus has consumed it; the saga must not fault.</summary>
    public async Task PublishAsync<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await ConsumedAsync<T>(messageId);
    }

    /// <summary>Waits until the bus has consumed the message with <paramref name="messageId"/>; it must not have faulted.</summary>
    public async Task ConsumedAsync<T>(Guid messageId)
        where T : class
    {
        var found = await Harness.Consumed.Any<T>(x => x.Context.MessageId == messageId);
        Assert.That(found, Is.True, $"{typeof(T).Name} {messageId} was not consumed");
        var consumed = Harness.Consumed.Select<T>(x => x.Context.MessageId == messageId, Snapshot).Single();
        Assert.That(consumed.Exception, Is.Null, $"{typeof(T).Name} faulted");
    }

    public OrderState? Order(Guid orderId) => Saga.Sagas.Select(x => x.CorrelationId == orderId, Snapshot).SingleOrDefault()?.Saga;

    public IEnumerable<T> Sent<T>(Func<T, bool> filter)
        where T : class =>
        Harness.Sent.Select<T>(x => filter(x.Context.Message), Snapshot).Select(x => x.Context.Message);

    public IEnumerable<T> Published<T>(Func<T, bool> filter)
        where T : class =>
        Harness.Published.Select<T>(x => filter(x.Context.Message), Snapshot).Select(x => x.Context.Message);

    /// <summary>Whether anything faulted: a consumer or saga threw, and MassTransit published a <see cref="Fault"/>.</summary>
    public bool AnyFault() => Harness.Published.Select<Fault>(Snapshot).Any();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
