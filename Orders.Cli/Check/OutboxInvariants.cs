namespace Orders.Cli.Check;

/// <summary>Every outbox drains: a message waits only until RabbitMQ takes it, or until its scheduled time.</summary>
public static class OutboxInvariants
{
    // One row per schema, shown when its outbox is behind: how much waits, the oldest immediate message, and
    // scheduled messages whose time passed more than the grace period ago.
    public static readonly Invariant OutboxesDrain = new(
        "Outboxes drain (immediate messages sent, scheduled ones on time)",
        """
        SELECT schema, pending, oldest_immediate_age, overdue_scheduled
        FROM (
            SELECT 'ordering' AS schema, count(*) AS pending,
                   now() - min(sent_time) FILTER (WHERE enqueue_time IS NULL) AS oldest_immediate_age,
                   count(*) FILTER (WHERE enqueue_time < now() - @stuck_after) AS overdue_scheduled
            FROM ordering.outbox_messages
            UNION ALL
            SELECT 'workflow', count(*), now() - min(sent_time) FILTER (WHERE enqueue_time IS NULL),
                   count(*) FILTER (WHERE enqueue_time < now() - @stuck_after)
            FROM workflow.outbox_messages
            UNION ALL
            SELECT 'payments', count(*), now() - min(sent_time) FILTER (WHERE enqueue_time IS NULL),
                   count(*) FILTER (WHERE enqueue_time < now() - @stuck_after)
            FROM payments.outbox_messages
            UNION ALL
            SELECT 'shipping', count(*), now() - min(sent_time) FILTER (WHERE enqueue_time IS NULL),
                   count(*) FILTER (WHERE enqueue_time < now() - @stuck_after)
            FROM shipping.outbox_messages
        ) outboxes
        WHERE oldest_immediate_age > @stuck_after OR overdue_scheduled > 0
        """);
}
