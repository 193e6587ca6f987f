using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Claims committed outbox rows, sends them to the broker and removes the ones the broker confirmed, all in one
/// transaction whose row locks keep every other deliverer away from them (at least once; no duplicates between
/// deliverers unless a process dies between the broker's confirm and the commit).
/// </summary>
internal sealed class OutboxDelivery<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    OutboxOptions<TDbContext> settings,
    TimeProvider timeProvider,
    ILogger<OutboxDelivery<TDbContext>> logger)
    where TDbContext : DbContext
{
    private readonly PostgresOutboxOptions _options = settings.Value;

    internal static readonly ActivitySource ActivitySource = new("Orders.Messaging");

    /// <summary>Delivers the given rows (just committed by this process) unless another deliverer holds them.</summary>
    public Task<DeliveryResult> DeliverAsync(long[] sequenceNumbers, CancellationToken cancellationToken) =>
        DeliverAsync(tables => tables.ClaimRows, [sequenceNumbers],
            cancellationToken);

    /// <summary>Delivers rows that are due: pending immediate rows and scheduled rows whose time has come.</summary>
    public Task<DeliveryResult> DeliverDueAsync(CancellationToken cancellationToken) =>
        DeliverAsync(
            tables => tables.ClaimDueRows,
            [timeProvider.GetUtcNow().UtcDateTime, _options.QueryMessageLimit],
            cancellationToken);

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

    private async Task<DeliveryResult> DeliverAsync(Func<MessagingTables, string> claimSql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = MessagingTables.For(dbContext);

        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await dbContext.Set<OutboxMessage>()
            .FromSqlRaw(claimSql(tables), parameters)
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
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_options.SendTimeout);
                    await SendAsync(message, timeout.Token);
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

        // Once the broker has confirmed a message, its removal must not be skipped because the host is stopping:
        // that would only turn a clean delivery into a duplicate.
        if (!delivered.IsEmpty)
        {
            await dbContext.Database.ExecuteSqlRawAsync(
                tables.DeleteDelivered,
                [delivered.ToArray()],
                CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return new DeliveryResult(claimed.Count, delivered.Count, failed);
    }

    /// <summary>
    /// Drops claimed rows whose outbox still has an earlier immediate row pending outside this claim (held by another
    /// deliverer, or left by a failed send): they are delivered after it, in a later round.
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
            .SqlQueryRaw<BlockingRow>(
                tables.EarliestPendingOutsideClaim,
                outboxIds, claimed.Select(x => x.SequenceNumber).ToArray())
            .ToListAsync(cancellationToken);

        var blockedOutboxes = blocked
            .Where(x => x.SequenceNumber < firstClaimed[x.OutboxId])
            .Select(x => x.OutboxId)
            .ToHashSet();
        return blockedOutboxes.Count == 0 ? claimed : claimed.Where(x => x.EnqueueTime is not null || !blockedOutboxes.Contains(x.OutboxId)).ToList();
    }

    private async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var context = new StoredMessageContext(message);
        using var activity = StartDeliveryActivity(context);
        var endpoint = await bus.GetSendEndpoint(message.DestinationAddress);
        await endpoint.Send(new OutboxPayload(), new OutboxMessageSendPipe(context, message.DestinationAddress), cancellationToken);
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
