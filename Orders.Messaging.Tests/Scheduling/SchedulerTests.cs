using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orders.Messaging.Outbox;
using Orders.Messaging.Tests.Support;
using Orders.Testing;
using Orders.Testing.Quiet;

namespace Orders.Messaging.Tests.Scheduling;

/// <summary>
/// A saga's Schedule and Unschedule, stored in PostgreSQL and delivered by the outbox when due by the host's clock: a
/// fake one here, so minutes pass at once and a message is seen not to arrive a moment before its time.
/// </summary>
public sealed class SchedulerTests : MessagingFixture
{
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Test]
    public async Task A_scheduled_message_arrives_when_the_clock_reaches_its_due_time_and_not_before()
    {
        var host = await StartOnTheClockAsync();
        await using var system = Quiet(host);
        var id = Guid.NewGuid();
        var scheduledAt = _clock.GetUtcNow().UtcDateTime;

        await host.Services.GetRequiredService<IBus>().Publish(new StartWaiting(id, Delay));
        await system.UntilQuiet();
        _clock.Advance(Delay - TimeSpan.FromSeconds(1));
        await system.UntilQuiet();
        var early = Observations.TimeoutOf(id);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(id) is not null), Is.True);
        await using var db = OpenDb();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(early, Is.Null, "nothing arrives a second before the due time");
            Assert.That((await db.FindAsync<TestSaga>(id))?.CurrentState, Is.EqualTo("Expired"));
            Assert.That(await ScheduledRowsAsync(), Is.Zero);
            Assert.That(_clock.GetUtcNow().UtcDateTime - scheduledAt, Is.EqualTo(Delay), "only the fake clock moved");
        }
    }

    [Test]
    public async Task A_scheduled_message_survives_a_restart()
    {
        var first = await StartOnTheClockAsync();
        var id = Guid.NewGuid();
        await first.Services.GetRequiredService<IBus>().Publish(new StartWaiting(id, Delay));
        Assert.That(await Eventually.Holds(async () => await ScheduledRowsAsync() == 1), Is.True, "the timeout is stored");
        await StopHostAsync(first);

        var second = await StartOnTheClockAsync();
        _clock.Advance(Delay);

        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(id) is not null), Is.True, "the restarted host delivers it");
        Assert.That(second.Services.GetRequiredService<TimeProvider>(), Is.SameAs(_clock));
    }

    [Test]
    public async Task An_unscheduled_message_never_arrives()
    {
        var host = await StartOnTheClockAsync();
        await using var system = Quiet(host);
        var bus = host.Services.GetRequiredService<IBus>();
        var cancelled = Guid.NewGuid();
        await bus.Publish(new StartWaiting(cancelled, Delay));
        Assert.That(await Eventually.Holds(async () => await StateOfAsync(cancelled) == "Waiting"), Is.True);

        await bus.Publish(new StopWaiting(cancelled));
        Assert.That(await Eventually.Holds(async () => await StateOfAsync(cancelled) == "Stopping"), Is.True);
        Assert.That(await ScheduledRowsAsync(), Is.Zero, "unscheduling removed the stored timeout in the same transaction");

        // A timeout scheduled with the same delay fires: the scheduler ran past the cancelled one's due time.
        var witness = Guid.NewGuid();
        await bus.Publish(new StartWaiting(witness, Delay));
        await system.UntilQuiet();
        _clock.Advance(Delay);
        Assert.That(await Eventually.Holds(() => Observations.TimeoutOf(witness) is not null), Is.True);
        await system.UntilQuiet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Observations.TimeoutOf(cancelled), Is.Null);
            Assert.That(await StateOfAsync(cancelled), Is.EqualTo("Stopping"));
        }
    }

    private Task<IHost> StartOnTheClockAsync() => StartHostAsync(new HostShape { Clock = _clock });

    private TestSystem Quiet(IHost host) =>
        new TestSystem(Database.ConnectionString, VirtualHost, _clock).Watch(host.Services.GetRequiredService<IBus>());

    private async Task<string?> StateOfAsync(Guid id)
    {
        await using var db = OpenDb();
        return (await db.FindAsync<TestSaga>(id))?.CurrentState;
    }

    private async Task<int> ScheduledRowsAsync()
    {
        await using var db = OpenDb();
        return await db.Set<OutboxMessage>().CountAsync(x => x.EnqueueTime != null);
    }
}
