using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Inbox;
using Orders.Messaging.Outbox;

namespace Orders.Messaging;

/// <summary>
/// The hand-written statements of one DbContext type, built once from the table names in its model (trusted
/// identifiers, never input). Values always travel as parameters <c>{0}</c>, <c>{1}</c>.
/// </summary>
internal sealed class MessagingTables
{
    private static readonly ConcurrentDictionary<Type, MessagingTables> Cache = new();

    private MessagingTables(string outbox, string inbox)
    {
        ClaimDueRows = $"SELECT * FROM {outbox} WHERE (enqueue_time IS NULL OR enqueue_time <= {{0}}) " +
                       "AND (locked_until IS NULL OR locked_until < {0}) ORDER BY sequence_number LIMIT {1} FOR UPDATE SKIP LOCKED";
        ReleaseLease = $"UPDATE {outbox} SET locked_until = NULL WHERE sequence_number = ANY({{0}})";
        EarliestPendingOutsideClaim =
            $"SELECT outbox_id AS \"OutboxId\", min(sequence_number) AS \"SequenceNumber\" FROM {outbox} " +
            "WHERE outbox_id = ANY({0}) AND enqueue_time IS NULL AND NOT (sequence_number = ANY({1})) GROUP BY outbox_id";
        DeleteDelivered = $"DELETE FROM {outbox} WHERE sequence_number = ANY({{0}})";
        DeleteScheduled = $"DELETE FROM {outbox} WHERE scheduling_token_id = {{0}}";
        ClaimInbox = $"INSERT INTO {inbox} (message_id, consumer_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        DeleteExpiredInbox = $"DELETE FROM {inbox} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {inbox} WHERE received_at < {{0}} LIMIT {{1}}))";
        Backlog = $"SELECT count(*) AS \"Pending\", min(coalesce(enqueue_time, sent_time)) AS \"Oldest\" FROM {outbox} " +
                  "WHERE enqueue_time IS NULL OR enqueue_time <= {0}";
    }

    /// <summary>Locks due rows (immediate, or scheduled and due by {0}) that no lease holds, oldest first, at most {1}.</summary>
    public string ClaimDueRows { get; }

    /// <summary>Hands rows the writer could not deliver to the pollers at once, instead of at lease expiry.</summary>
    public string ReleaseLease { get; }

    /// <summary>Per outbox in {0}: the earliest pending immediate row that is not among the claimed rows {1}.</summary>
    public string EarliestPendingOutsideClaim { get; }

    public string DeleteDelivered { get; }

    public string DeleteScheduled { get; }

    /// <summary>
    /// Inserts the inbox row ($1 message id, $2 consumer id, $3 received at); no row affected means the message was
    /// consumed before. Positional parameters: it runs as a plain Npgsql command, not through EF Core.
    /// </summary>
    public string ClaimInbox { get; }

    public string DeleteExpiredInbox { get; }

    /// <summary>Rows due by {0} (immediate, or scheduled and due) and the time the oldest of them was written or fell due.</summary>
    public string Backlog { get; }

    public static MessagingTables For(DbContext dbContext) =>
        Cache.GetOrAdd(dbContext.GetType(), _ => new MessagingTables(
            QualifiedName(dbContext, typeof(OutboxMessage)),
            QualifiedName(dbContext, typeof(InboxMessage))));

    private static string QualifiedName(DbContext dbContext, Type entity)
    {
        var entityType = dbContext.Model.FindEntityType(entity)
            ?? throw new InvalidOperationException(
                $"{dbContext.GetType().Name} does not map {entity.Name}: call modelBuilder.AddPostgresMessaging() in OnModelCreating.");
        var table = entityType.GetTableName()!;
        var schema = entityType.GetSchema();
        return schema is null ? $"\"{table}\"" : $"\"{schema}\".\"{table}\"";
    }
}
