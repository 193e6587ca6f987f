using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Saga;

/// <summary>Optimistic concurrency on the saga row: conflicting updates are retried, never lost, never doubled.</summary>
public sealed class SagaConcurrencyTests : MessagingFixture
{
    [Test]
    public async Task Fifty_concurrent_events_against_one_saga_instance_conflict_and_are_all_applied_by_retries()
    {
        long conflicts = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Meter.Name: "Orders.Messaging", Name: "saga.concurrency.conflicts" })
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref conflicts, value));
        listener.Start();
        var host = await StartHostAsync(new HostShape { ConcurrentMessageLimit = 16 });
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        await bus.Publish(new StartWaiting(id, TimeSpan.FromHours(1)));
        Assert.That(await Eventually.Holds(async () => await CountAsync(id) == 0), Is.True, "the instance exists");

        var messageIds = Enumerable.Range(0, 50).Select(_ => NewId.NextGuid()).ToArray();
        await Task.WhenAll(messageIds.Select(messageId => bus.Publish(new Increment(id), context => context.MessageId = messageId)));

        Assert.That(await Eventually.Holds(() => messageIds.All(m => Observations.ReceivedCopies(m) >= 1), TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(await Eventually.Holds(async () => await CountAsync(id) == 50, TimeSpan.FromSeconds(60)), Is.True, $"count is {await CountAsync(id)}");
        Assert.That((await VirtualHost.GetQueueAsync("Test_error"))?.Messages ?? 0, Is.Zero, "no conflict escaped the retries");

        // The count alone would also hold if the messages never overlapped; the conflicts show that they did.
        Assert.That(Interlocked.Read(ref conflicts), Is.GreaterThan(0), "updates conflicted, and the retries applied them");
    }

    private async Task<int?> CountAsync(Guid id)
    {
        await using var db = OpenDb();
        return (await db.FindAsync(id))?.Count;
    }
}
