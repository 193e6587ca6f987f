using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Outbox;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Scheduling;

/// <summary>A saga's Schedule and Unschedule, stored in PostgreSQL and delivered by the outbox when due.</summary>
public sealed class SchedulerTests : MessagingFixture
{
    [Test]
    public async Task A_scheduled_message_arrives_after_its_due_time()
    {
        var host = await StartHostAsync();
        var id = Guid.NewGuid();
        var scheduledAt = DateTime.UtcNow;

        await host.Services.GetRequiredService<IBus>().Publish(new StartWaiting(id, TimeSpan.FromSeconds(1)));

        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(id) is not null), Is.True);
        Assert.That(Observations.TimeoutOf(id), Is.GreaterThanOrEqualTo(scheduledAt.AddSeconds(1)));
        await using var db = OpenDb();
        Assert.That((await db.FindAsync(id))?.CurrentState, Is.EqualTo("Expired"));
    }

    [Test]
    public async Task A_scheduled_message_survives_a_restart()
    {
        var first = await StartHostAsync();
        var id = Guid.NewGuid();
        var scheduledAt = DateTime.UtcNow;
        await first.Services.GetRequiredService<IBus>().Publish(new StartWaiting(id, TimeSpan.FromSeconds(2)));
        Assert.That(await Eventually.Holds(async () => await ScheduledRowsAsync() == 1), Is.True, "the timeout is stored");
        await StopHostAsync(first);

        await StartHostAsync();

        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(id) is not null), Is.True);
        Assert.That(Observations.TimeoutOf(id), Is.GreaterThanOrEqualTo(scheduledAt.AddSeconds(2)));
    }

    [Test]
    public async Task An_unscheduled_message_never_arrives()
    {
        var host = await StartHostAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var cancelled = Guid.NewGuid();
        await bus.Publish(new StartWaiting(cancelled, TimeSpan.FromSeconds(1)));
        Assert.That(await Eventually.Holds(async () => await StateOfAsync(cancelled) == "Waiting"), Is.True);

        await bus.Publish(new StopWaiting(cancelled));
        Assert.That(await Eventually.Holds(async () => await StateOfAsync(cancelled) == "Stopping"), Is.True);
        Assert.That(await ScheduledRowsAsync(), Is.Zero, "unscheduling removed the stored timeout in the same transaction");

        // A timeout scheduled later with the same delay fires: the scheduler was running past the cancelled one's due time.
        var witness = Guid.NewGuid();
        await bus.Publish(new StartWaiting(witness, TimeSpan.FromSeconds(1)));
        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(witness) is not null), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(Observations.TimeoutOf(cancelled), Is.Null);
            Assert.That(await StateOfAsync(cancelled), Is.EqualTo("Stopping"));
        });
    }

    private async Task<string?> StateOfAsync(Guid id)
    {
        await using var db = OpenDb();
        return (await db.FindAsync(id))?.CurrentState;
    }

    private async Task<int> ScheduledRowsAsync()
    {
        await using var db = OpenDb();
        return await db.Set<OutboxMessage>().CountAsync(x => x.EnqueueTime != null);
    }
}
