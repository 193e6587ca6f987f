using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Saga;

/// <summary>Optimistic concurrency on the saga row: conflicting updates are retried, never lost, never doubled.</summary>
public sealed class SagaConcurrencyTests : MessagingFixture
{
    [Test]
    public async Task Fifty_concurrent_events_against_one_saga_instance_are_all_applied()
    {
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
    }

    private async Task<int?> CountAsync(Guid id)
    {
        await using var db = OpenDb();
        return (await db.FindAsync(id))?.Count;
    }
}
