using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Inbox;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>A consumer's own sends and its inbox row share its transaction.</summary>
public sealed class ConsumerOutboxTests : MessagingFixture
{
    [Test]
    public async Task A_consumer_that_fails_after_publishing_sends_nothing()
    {
        var host = await StartHostAsync();
        var failing = Guid.NewGuid();
        Observations.FailPing(failing);

        await host.Services.GetRequiredService<IBus>().Publish(new Ping(failing));

        // Every attempt rolls back; after the retries the message rests in the error queue.
        Assert.That(await Eventually.Holds(async () => (await VirtualHost.GetQueueAsync("Ping_error"))?.Messages >= 1), Is.True, "the failed Ping reaches Ping_error");
        Assert.Multiple(async () =>
        {
            Assert.That(Observations.Pings(failing), Is.EqualTo(4), "one attempt and three retries");
            Assert.That(Observations.Pongs(failing), Is.Zero, "a Pong published inside a rolled-back consume never leaves");
            Assert.That(await PendingOutboxRowsAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task A_redelivered_duplicate_is_acknowledged_without_running_the_consumer_again()
    {
        var host = await StartHostAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        var faultedBefore = await ErrorQueueDepthAsync();

        await bus.Publish(new Ping(id), context => context.MessageId = messageId);
        Assert.That(await Eventually.Holds(() => Observations.Pongs(id) == 1), Is.True);
        await bus.Publish(new Ping(id), context => context.MessageId = messageId);

        Assert.That(await Eventually.Holds(() => Observations.ReceivedCopies(messageId) == 2), Is.True, "both copies reach the endpoint");
        await using var db = OpenDb();
        Assert.Multiple(async () =>
        {
            Assert.That(Observations.Pings(id), Is.EqualTo(1), "the consumer ran once");
            Assert.That(Observations.Pongs(id), Is.EqualTo(1));
            Assert.That(await db.Set<InboxMessage>().CountAsync(x => x.MessageId == messageId), Is.EqualTo(1));
            Assert.That(await ErrorQueueDepthAsync(), Is.EqualTo(faultedBefore), "the duplicate is acknowledged, not faulted");
            Assert.That(Observations.DeadLetteredCopies(messageId), Is.Zero, "the duplicate counts as consumed, not dead-lettered to _skipped");
        });
    }

    private async Task<int> ErrorQueueDepthAsync() => (await VirtualHost.GetQueueAsync("Ping_error"))?.Messages ?? 0;

    [Test]
    public async Task Concurrent_copies_of_one_message_run_the_consumer_once()
    {
        var host = await StartHostAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var messageId = NewId.NextGuid();

        // Eight copies at once: they reach the inbox together, and the inbox row lets exactly one through.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => bus.Publish(new Ping(id), context => context.MessageId = messageId)));

        Assert.That(await Eventually.Holds(() => Observations.ReceivedCopies(messageId) == 8), Is.True, "every copy was handled");
        Assert.That(await Eventually.Holds(() => Observations.Pongs(id) >= 1), Is.True, "the one run's Pong follows its commit");
        Assert.Multiple(() =>
        {
            Assert.That(Observations.Pings(id), Is.EqualTo(1));
            Assert.That(Observations.Pongs(id), Is.EqualTo(1));
            Assert.That(Observations.DeadLetteredCopies(messageId), Is.Zero, "the skipped copies count as consumed, not dead-lettered");
        });
    }

    [Test]
    public async Task Inbox_rows_older_than_the_duplicate_window_are_removed_in_batches()
    {
        var host = await StartHostAsync();
        var old = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        var recent = Guid.NewGuid();
        await using (var db = OpenDb())
        {
            var longAgo = DateTime.UtcNow.AddHours(-2);
            db.AddRange(old.Select(id => new InboxMessage { MessageId = id, ConsumerId = Guid.Empty, ReceivedAt = longAgo }));
            db.Add(new InboxMessage { MessageId = recent, ConsumerId = Guid.Empty, ReceivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var removed = await host.Services.GetRequiredService<InboxCleanupService<TestDbContext>>().CleanUpAsync(CancellationToken.None);

        await using var check = OpenDb();
        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.GreaterThanOrEqualTo(old.Length));
            Assert.That(await check.Set<InboxMessage>().CountAsync(x => old.Contains(x.MessageId)), Is.Zero);
            Assert.That(await check.Set<InboxMessage>().AnyAsync(x => x.MessageId == recent), Is.True);
        });
    }
}
