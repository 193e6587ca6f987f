using MassTransit;

namespace Orders.Messaging.Tests.Support;

public sealed class WaitingTimedOutConsumer(Observations observations) : IConsumer<WaitingTimedOut>
{
    public Task Consume(ConsumeContext<WaitingTimedOut> context)
    {
        observations.TimedOut(context.Message.CorrelationId, context.Message.At);
        return Task.CompletedTask;
    }
}
