using MassTransit;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Inbox;
using Orders.Messaging.Outbox;

namespace Orders.Messaging.Scheduling;

/// <summary>
/// A durable scheduler on PostgreSQL. A scheduled send is an outbox row with a due time, written in the scheduling
/// consumer's transaction (with the scheduler's token id); the delivery service sends it when it is due.
/// Cancelling deletes the row in the cancelling consumer's transaction, so a cancelled message never arrives.
/// </summary>
internal sealed class PostgresScheduleMessageProvider(ConsumeContext context) : IScheduleMessageProvider
{
    public Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        RequireOutbox();

        // Through the outbox context's send endpoint, the transport delay becomes the row's due time.
        return new DelayedScheduleMessageProvider(context).ScheduleSend(destinationAddress, scheduledTime, message, pipe, cancellationToken);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => Cancel(tokenId, cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => Cancel(tokenId, cancellationToken);

    private async Task Cancel(Guid tokenId, CancellationToken cancellationToken)
    {
        var dbContext = RequireOutbox().DbContext;

        // Scheduled and cancelled within the same message: the row was never written.
        foreach (var entry in dbContext.ChangeTracker.Entries<OutboxMessage>().Where(x => x.Entity.SchedulingTokenId == tokenId && x.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }

        var tables = MessagingTables.For(dbContext);
        await dbContext.Database.ExecuteSqlRawAsync(
            tables.DeleteScheduled,
            [tokenId],
            cancellationToken);
    }

    private IPostgresOutboxContext RequireOutbox() =>
        context as IPostgresOutboxContext
        ?? throw new InvalidOperationException(
            "The PostgreSQL message scheduler works through the PostgreSQL outbox: configure UsePostgresOutbox on the receive endpoint.");
}
