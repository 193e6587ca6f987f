using MassTransit;

namespace Orders.Benchmarks.Messaging;

/// <summary>One durable hop: inbox row, state update and the next message, in one transaction.</summary>
public sealed class HopConsumer(BenchDbContext db, HopRecorder recorder) : IConsumer<Hop>
{
    public async Task Consume(ConsumeContext<Hop> context)
    {
        recorder.Consumed(DateTime.UtcNow - context.Message.WrittenAt);
        var chain = await db.Chains.FindAsync([context.Message.ChainId], context.CancellationToken)
            ?? throw new InvalidOperationException($"Chain {context.Message.ChainId} is missing");
        chain.Hops++;
        if (context.Message.Remaining > 1)
        {
            await context.Publish(new Hop(chain.Id, context.Message.Remaining - 1, DateTime.UtcNow));
        }
        else
        {
            // Counted as the last hop runs; its commit follows within the same consumed message.
            recorder.ChainFinished();
        }
    }
}
