using MassTransit;

namespace Orders.Messaging.Tests.Support;

public sealed class PongConsumer(Observations observations) : IConsumer<Pong>
{
    public Task Consume(ConsumeContext<Pong> context)
    {
        observations.Ponged(context.Message.Id);
        return Task.CompletedTask;
    }
}
