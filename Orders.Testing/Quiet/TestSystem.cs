using MassTransit;

namespace Orders.Testing.Quiet;

/// <summary>
/// The system under test as one whole: its database (every service's outbox), its RabbitMQ virtual host (every queue;
/// none for the in-memory transport of a harness) and the buses running in the test process. <see cref="UntilQuiet"/> waits until nothing is left to do.
/// </summary>
public sealed class TestSystem : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly DatabaseProbe _outboxes;
    private readonly TimeProvider _clock;
    private readonly QueueProbe? _queues;
    private readonly ConsumerActivity _consumers = new();
    private readonly List<ConnectHandle> _watched = [];

    /// <param name="connectionString">The database holding every service's schema.</param>
    /// <param name="virtualHost">The virtual host every service's bus uses; null for an in-memory bus.</param>
    /// <param name="clock">The clock the services run on: it decides which scheduled messages are due.</param>
    public TestSystem(string connectionString, TestVirtualHost? virtualHost, TimeProvider? clock = null)
    {
        _outboxes = new DatabaseProbe(connectionString);
        _clock = clock ?? TimeProvider.System;
        _queues = virtualHost is null ? null : new QueueProbe(virtualHost);
    }

    /// <summary>Counts messages that <paramref name="bus"/> (hosted in the test process) is still working on.</summary>
    public TestSystem Watch(IBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _watched.Add(bus.ConnectReceiveObserver(_consumers));
        return this;
    }

    /// <summary>
    /// Returns when, twice in a row, no outbox row is pending, no scheduled message is due, every queue is empty, no
    /// watched consumer is running and no other database session is inside a transaction (where consumers of any
    /// process run). Throws <see cref="SystemBusyException"/> naming what is still busy when
    /// <paramref name="timeout"/> (default 30 s) passes first.
    /// </summary>
    public async Task UntilQuiet(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        var quietLooks = 0;
        while (true)
        {
            var busy = await BusyAsync(cancellationToken);
            quietLooks = busy.Busy.Count == 0 ? quietLooks + 1 : 0;
            if (quietLooks == 2)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new SystemBusyException(limit, busy.Busy, busy.Dead);
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>One look at everything that may still be working, and at messages that died in error queues.</summary>
    public async Task<(IReadOnlyList<string> Busy, IReadOnlyList<string> Dead)> BusyAsync(CancellationToken cancellationToken = default)
    {
        // Consumers first: a message finishing between the looks shows up in the outbox or a queue instead.
        var busy = new List<string>(_consumers.Running());
        busy.AddRange(await _outboxes.BusyAsync(_clock.GetUtcNow().UtcDateTime, cancellationToken));
        if (_queues is null)
        {
            return (busy, []);
        }

        var queues = await _queues.ReadAsync(cancellationToken);
        busy.AddRange(queues.Busy);
        return (busy, queues.Dead);
    }

    public async ValueTask DisposeAsync()
    {
        _watched.ForEach(handle => handle.Disconnect());
        if (_queues is not null)
        {
            await _queues.DisposeAsync();
        }
    }
}
