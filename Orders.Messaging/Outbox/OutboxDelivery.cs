using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Sends outbox rows to the broker and removes the ones it confirmed. Used by the fast path (rows this process just
/// committed, under its lease) and by the poller (rows nobody holds, claimed with row locks so that several instances
/// never send the same row). At least once: a process that dies between the broker's confirm and the removal leaves
/// the row for a later, duplicate delivery, which the receiver's inbox absorbs.
/// </summary>
internal sealed class OutboxDelivery<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    OutboxOptions<TDbContext> settings,
    MessagingMetrics metrics,
    TimeProvider timeProvider,
    IEnumerable<IOutboxDeliveryObserver> observers,
    ILogger<OutboxDelivery<TDbContext>> logger)
    where TDbContext : DbContext
{
    internal static readonly ActivitySource ActivitySource = new("Orders.Messaging");

    private readonly PostgresOutboxOptions _options = settings.Value;
    private readonly IOutboxDeliveryObserver[] _observers = observers.ToArray();

    /// <summary>Sends one row, giving up after <see cref="PostgresOutboxOptions.SendTimeout"/>.</summary>
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SendTimeout);
        var context = new StoredMessageContext(message);
        using var activity = StartDeliveryActivity(context);
        var endpoint = await bus.GetSendEndpoint(message.DestinationAddress);
        if (_observers.Length > 0)
        {
            Notify(message, static (observer, row) => observer.PreDeliver(row));
        }

        await endpoint.Send(new OutboxPayload(), new OutboxMessageSendPipe(context, message.DestinationAddress), timeout.Token);

        // Send returns once the broker confirmed the message (publisher confirms).
        metrics.Delivered(typeof(TDbContext).Name, timeProvider.GetUtcNow().UtcDateTime - (message.EnqueueTime ?? message.SentTime));
        if (_observers.Length > 0)
        {
            Notify(message, static (observer, row) => observer.PostDeliver(row));
        }
    }

    /// <summary>Removes delivered rows, many per statement.</summary>
    public Task RemoveAsync(long[] sequenceNumbers) => ExecuteAsync(tables => tables.DeleteDelivered, sequenceNumbers);

    /// <summary>Gives undelivered rows to the pollers now rather than when their lease expires.</summary>
    public Task ReleaseAsync(long[] sequenceNumbers) => ExecuteAsync(tables => tables.ReleaseLease, sequenceNumbers);

    /// <summary>
    /// Claims rows that are due and held by no lease (the writer died, stopped, failed to send, or does not deliver;
    /// and scheduled rows whose time has come), sends them and removes the delivered ones in one transaction.
    /// </summary>
    public async Task<DeliveryResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = MessagingTables.For(dbContext);

        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await dbContext.Set<OutboxMessage>()
            .FromSqlRaw(tables.ClaimDueRows, timeProvider.GetUtcNow().UtcDateTime, _options.QueryMessageLimit)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return DeliveryResult.Nothing;
        }

        var ready = await WithoutBlockedOutboxesAsync(dbContext, tables, claimed, cancellationToken);
        var delivered = new ConcurrentBag<long>();
        var failed = 0;

        // Not cancelled as a whole: a batch always ends by recording what the broker has confirmed.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency };
        await Parallel.ForEachAsync(ready.GroupBy(x => x.OutboxId), parallel, async (outbox, _) =>
        {
            foreach (var message in outbox)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await SendAsync(message, cancellationToken);
                    delivered.Add(message.SequenceNumber);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref failed);
                    logger.LogWarning(exception, "Outbox message {MessageId} (#{SequenceNumber}) to {Destination} was not delivered; it stays in the outbox",
                        message.MessageId, message.SequenceNumber, message.DestinationAddress);

                    // Later messages of the same outbox wait, so that the receiver sees them in the order they were written.
                    break;
                }
            }
        });

        if (!delivered.IsEmpty)
        {
            await dbContext.Database.ExecuteSqlRawAsync(tables.DeleteDelivered, [delivered.ToArray()], CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return new DeliveryResult(claimed.Count, delivered.Count, failed);
    }

    /// <summary>The earliest due time of a scheduled row still in the future, if any.</summary>
    public async Task<DateTime?> NextDueTimeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return await dbContext.Set<OutboxMessage>()
            .Where(x => x.EnqueueTime > now)
            .MinAsync(x => x.EnqueueTime, cancellationToken);
    }

    private async Task ExecuteAsync(Func<MessagingTables, string> statement, long[] sequenceNumbers)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await dbContext.Database.ExecuteSqlRawAsync(statement(MessagingTables.For(dbContext)), [sequenceNumbers], CancellationToken.None);
    }

    /// <summary>
    /// Drops claimed rows whose outbox still has an earlier immediate row pending outside this claim (leased to its
    /// writer, held by another deliverer, or left by a failed send): they are delivered after it, in a later round.
    /// </summary>
    private static async Task<List<OutboxMessage>> WithoutBlockedOutboxesAsync(
        TDbContext dbContext, MessagingTables tables, List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var immediate = claimed.Where(x => x.EnqueueTime is null).ToList();
        if (immediate.Count == 0)
        {
            return claimed;
        }

        var outboxIds = immediate.Select(x => x.OutboxId).Distinct().ToArray();
        var firstClaimed = immediate.GroupBy(x => x.OutboxId).ToDictionary(g => g.Key, g => g.Min(x => x.SequenceNumber));
        var blocked = await dbContext.Database
            .SqlQueryRaw<BlockingRow>(tables.EarliestPendingOutsideClaim, outboxIds, claimed.Select(x => x.SequenceNumber).ToArray())
            .ToListAsync(cancellationToken);

        var blockedOutboxes = blocked
            .Where(x => x.SequenceNumber < firstClaimed[x.OutboxId])
            .Select(x => x.OutboxId)
            .ToHashSet();
        return blockedOutboxes.Count == 0 ? claimed : claimed.Where(x => x.EnqueueTime is not null || !blockedOutboxes.Contains(x.OutboxId)).ToList();
    }

    private void Notify(OutboxMessage message, Action<IOutboxDeliveryObserver, OutboxMessage> notify)
    {
        foreach (var observer in _observers)
        {
            try
            {
                notify(observer, message);
            }
            catch (Exception exception)
            {
                // An observer's failure must neither stop the delivery nor make a delivered message look undelivered.
                logger.LogWarning(exception, "Outbox delivery observer {Observer} failed for message {MessageId}", observer.GetType().Name, message.MessageId);
            }
        }
    }

    /// <summary>The delivery continues the trace of the transaction that wrote the message.</summary>
    private static Activity? StartDeliveryActivity(StoredMessageContext context)
    {
        var traceParent = context.Headers.Get<string>(OutboxMessageFactory.TraceParentHeader);
        var traceState = context.Headers.Get<string>(OutboxMessageFactory.TraceStateHeader);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = ActivitySource.StartActivity("outbox deliver", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", context.MessageId.ToString());
        activity?.SetTag("messaging.destination.name", context.DestinationAddress?.AbsolutePath);
        return activity;
    }

    /// <summary>Stands in for the message type; the stored body and headers replace it in the send pipe.</summary>
    private sealed class OutboxPayload;

    private sealed record BlockingRow(Guid OutboxId, long SequenceNumber);
}

internal readonly record struct DeliveryResult(int Claimed, int Delivered, int Failed)
{
    public static DeliveryResult Nothing => default;
}
