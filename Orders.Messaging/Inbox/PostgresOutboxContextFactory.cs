using System.Data;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orders.Messaging.Inbox;

/// <summary>
/// Runs each consumed message in one PostgreSQL transaction: the inbox row (which both detects duplicates and keeps a
/// concurrent redelivery waiting), the consumer's or saga's changes, and the messages it sends — all committed
/// together, then delivered.
/// </summary>
internal sealed class PostgresOutboxContextFactory<TDbContext>(
    TDbContext dbContext,
    IServiceProvider provider,
    TimeProvider timeProvider,
    OutboxOptions<TDbContext> settings,
    ILogger<PostgresOutboxContextFactory<TDbContext>> logger) : IOutboxContextFactory<TDbContext>
    where TDbContext : DbContext
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.MessageId ?? throw new MessageException(typeof(T), "The inbox needs a MessageId to detect duplicates");
        var cancellationToken = context.CancellationToken;
        var tables = MessagingTables.For(dbContext);

        await using var transaction = await dbContext.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        // A failure anywhere rolls the whole message back and it is consumed again, so EF Core's savepoint around each
        // SaveChanges in the transaction (two round trips each) would never be rolled back to.
        dbContext.Database.AutoSavepointsEnabled = false;

        // If another consumer of the same message is mid-transaction, this insert waits for it: after its commit the
        // row exists (a duplicate, skipped); after its rollback this one goes ahead.
        var claimed = await ClaimAsync(tables, transaction, messageId, options.ConsumerId, cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            logger.LogDebug("Message {MessageId} was already consumed by {ConsumerType}; skipped", messageId, options.ConsumerType);

            // Handled already: acknowledged as consumed. Left undelivered, MassTransit would dead-letter the copy
            // (to _skipped, or to _error where poison messages are rejected) as if nothing consumed its type.
            await context.NotifyConsumed(context, TimeSpan.Zero, options.ConsumerType);
            return;
        }

        var outboxContext = new PostgresOutboxConsumeContext<T>(context, options, provider, dbContext, timeProvider, settings.Value);
        await next.Send(outboxContext);

        // Saves whatever the consumer changed but did not save, together with the outbox rows.
        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public void Probe(ProbeContext context)
    {
        context.Add("provider", "postgres");
        context.Add("dbContext", typeof(TDbContext).Name);
    }

    /// <summary>
    /// The inbox row, on the transaction's own connection: one fixed statement per message, which EF Core's raw-SQL path
    /// would parse, wrap, log and intercept again every time.
    /// </summary>
    private async Task<int> ClaimAsync(
        MessagingTables tables, IDbContextTransaction transaction, Guid messageId, Guid consumerId, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)dbContext.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(tables.ClaimInbox, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = consumerId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = timeProvider.GetUtcNow().UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
