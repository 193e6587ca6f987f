using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The fast path: rows are sent the moment the transaction that wrote them commits, by the process that wrote them
/// (it holds their lease), without another transaction. Confirmed rows are removed in batches, many per statement.
/// What it cannot send is released to the pollers.
/// </summary>
internal sealed class OutboxDispatcher<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    private const int MaxRemovalBatch = 1000;

    // Removal waits this long after the first confirm so that one statement removes many rows; delivery never waits.
    private static readonly TimeSpan RemovalLinger = TimeSpan.FromMilliseconds(50);

    private readonly OutboxDelivery<TDbContext> _delivery;
    private readonly PostgresOutboxOptions _options;
    private readonly ILogger<OutboxDispatcher<TDbContext>> _logger;

    // One lane per unit of concurrency; an outbox always uses the same lane, so its rows leave in the order written.
    private readonly Channel<OutboxMessage[]>[] _lanes;
    private readonly Channel<long> _delivered = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public OutboxDispatcher(OutboxDelivery<TDbContext> delivery, OutboxOptions<TDbContext> settings, ILogger<OutboxDispatcher<TDbContext>> logger)
    {
        _delivery = delivery;
        _options = settings.Value;
        _logger = logger;
        _lanes = Enumerable.Range(0, _options.DeliveryConcurrency)
            .Select(_ => Channel.CreateUnbounded<OutboxMessage[]>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
    }

    /// <summary>Raised when committed rows include scheduled ones, so the poller can re-plan its next wake-up.</summary>
    public event Action? ScheduledMessagesCommitted;

    public void Committed(IReadOnlyCollection<OutboxMessage> rows)
    {
        // A host that leaves delivery to others wrote its rows without a lease; the pollers take them.
        if (_options.DeliveryEnabled)
        {
            foreach (var outbox in rows.Where(x => x.LockedUntil is not null).GroupBy(x => x.OutboxId))
            {
                Lane(outbox.Key).Writer.TryWrite([.. outbox.OrderBy(x => x.SequenceNumber)]);
            }
        }

        if (rows.Any(x => x.EnqueueTime is not null))
        {
            ScheduledMessagesCommitted?.Invoke();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var removal = RemoveDeliveredAsync();
        try
        {
            await Task.WhenAll(_lanes.Select(lane => RunLaneAsync(lane, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _delivered.Writer.TryComplete();
            await removal;
            await ReleaseUnsentAsync();
        }
    }

    private Channel<OutboxMessage[]> Lane(Guid outboxId) => _lanes[(outboxId.GetHashCode() & int.MaxValue) % _lanes.Length];

    private async Task RunLaneAsync(Channel<OutboxMessage[]> lane, CancellationToken stoppingToken)
    {
        await foreach (var rows in lane.Reader.ReadAllAsync(stoppingToken))
        {
            for (var i = 0; i < rows.Length; i++)
            {
                try
                {
                    await _delivery.SendAsync(rows[i], stoppingToken);
                    _delivered.Writer.TryWrite(rows[i].SequenceNumber);
                }
                catch (Exception exception)
                {
                    if (!stoppingToken.IsCancellationRequested)
                    {
                        _logger.LogWarning(exception, "Outbox message {MessageId} was not delivered after commit; the delivery service retries it",
                            rows[i].MessageId);
                    }

                    await ReleaseAsync(rows[i..].Select(x => x.SequenceNumber).ToArray());
                    break;
                }
            }
        }
    }

    /// <summary>Removes confirmed rows: one statement for everything confirmed since the last one.</summary>
    private async Task RemoveDeliveredAsync()
    {
        var batch = new List<long>(MaxRemovalBatch);
        while (await _delivered.Reader.WaitToReadAsync())
        {
            if (batch.Count == 0)
            {
                await Task.Delay(RemovalLinger);
            }

            while (batch.Count < MaxRemovalBatch && _delivered.Reader.TryRead(out var sequenceNumber))
            {
                batch.Add(sequenceNumber);
            }

            try
            {
                await _delivery.RemoveAsync([.. batch]);
                batch.Clear();
            }
            catch (Exception exception)
            {
                // Kept for the next statement; if the process ends first, the rows are delivered again (at least once).
                _logger.LogWarning(exception, "Removing {Count} delivered outbox rows failed; retrying", batch.Count);
                await Task.Delay(_options.QueryDelay);
            }
        }
    }

    /// <summary>On shutdown, rows still waiting in the lanes go to the pollers at once instead of after their lease.</summary>
    private async Task ReleaseUnsentAsync()
    {
        var unsent = new List<long>();
        foreach (var lane in _lanes)
        {
            while (lane.Reader.TryRead(out var rows))
            {
                unsent.AddRange(rows.Select(x => x.SequenceNumber));
            }
        }

        if (unsent.Count > 0)
        {
            await ReleaseAsync([.. unsent]);
        }
    }

    private async Task ReleaseAsync(long[] sequenceNumbers)
    {
        try
        {
            await _delivery.ReleaseAsync(sequenceNumbers);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Releasing {Count} outbox rows failed; their lease expires by itself", sequenceNumbers.Length);
        }
    }
}
