using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The fast path: rows are delivered right after the transaction that wrote them commits, in batches that grow with
/// the load. Anything it cannot deliver stays in the table for <see cref="OutboxDeliveryService{TDbContext}"/>.
/// </summary>
internal sealed class OutboxDispatcher<TDbContext>(
    OutboxDelivery<TDbContext> delivery,
    OutboxOptions<TDbContext> settings,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private readonly PostgresOutboxOptions _options = settings.Value;

    private readonly Channel<long[]> _committed = Channel.CreateUnbounded<long[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Raised when committed rows include scheduled ones, so the poller can re-plan its next wake-up.</summary>
    public event Action? ScheduledMessagesCommitted;

    public void Committed(long[] sequenceNumbers, bool includesScheduled)
    {
        // A host that leaves delivery to others must not collect what it will never send.
        if (_options.DeliveryEnabled && sequenceNumbers.Length > 0)
        {
            _committed.Writer.TryWrite(sequenceNumbers);
        }

        if (includesScheduled)
        {
            ScheduledMessagesCommitted?.Invoke();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<long>(_options.QueryMessageLimit);
        while (await _committed.Reader.WaitToReadAsync(stoppingToken))
        {
            // One commit's rows always travel together, so an outbox's order is kept within a batch.
            while (batch.Count < _options.QueryMessageLimit && _committed.Reader.TryRead(out var rows))
            {
                batch.AddRange(rows);
            }

            try
            {
                await delivery.DeliverAsync([.. batch], stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Immediate delivery of {Count} outbox messages failed; the delivery service retries them", batch.Count);
            }

            batch.Clear();
        }
    }
}
