using MassTransit;

namespace Orders.Messaging.Tests.Support;

/// <summary>A small saga exercising what the order saga needs: schedule, unschedule, concurrent updates.</summary>
public sealed class TestStateMachine : MassTransitStateMachine<TestSaga>
{
    public TestStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Started, e => e.CorrelateById(x => x.Message.CorrelationId));
        Event(() => Stopped, e => e.CorrelateById(x => x.Message.CorrelationId));
        Event(() => Incremented, e => e.CorrelateById(x => x.Message.CorrelationId));
        Schedule(() => Expiry, x => x.TimeoutTokenId, s => s.Received = r => r.CorrelateById(x => x.Message.CorrelationId));

        Initially(
            When(Started)
                .Schedule(Expiry, context => new WaitingExpired(context.Saga.CorrelationId), context => context.Message.Delay)
                .TransitionTo(Waiting));

        During(Waiting,
            When(Stopped)
                .Unschedule(Expiry)
                .TransitionTo(Stopping),
            When(Expiry!.Received)
                .Then(context => context.Saga.TimedOutAt = DateTime.UtcNow)
                .Publish(context => new WaitingTimedOut(context.Saga.CorrelationId, context.Saga.TimedOutAt!.Value))
                .TransitionTo(Expired));

        DuringAny(
            When(Incremented)
                .Then(context => context.Saga.Count++));
    }

    public State Waiting { get; private set; } = null!;

    public State Stopping { get; private set; } = null!;

    public State Expired { get; private set; } = null!;

    public Event<StartWaiting> Started { get; private set; } = null!;

    public Event<StopWaiting> Stopped { get; private set; } = null!;

    public Event<Increment> Incremented { get; private set; } = null!;

    public Schedule<TestSaga, WaitingExpired> Expiry { get; private set; } = null!;
}
