using MassTransit;

namespace Orders.Messaging.Tests.Support;

/// <summary>Records each run and answers with a Pong through whatever outbox the endpoint uses.</summary>
public sealed class PingConsumer(Observations observations) : IConsumer<Ping>
{
    public async Task Consume(ConsumeContext<Ping> context)
    {
        observations.Pinged(context.Message.Id);
        observations.PingEnvelope(context.Message.Id, context);
        await context.Publish(new Pong(context.Message.Id));
        if (observations.ShouldFail(context.Message.Id))
        {
            throw new InvalidOperationException($"Ping {context.Message.Id} fails on purpose, after publishing its Pong");
        }
    }
}
