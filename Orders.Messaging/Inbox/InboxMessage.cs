namespace Orders.Messaging.Inbox;

/// <summary>
/// Proof that one consumer has consumed one message. Inserted in the consumer's own transaction, so the row
/// exists exactly when the consumer's changes were committed; a redelivered duplicate finds it and is skipped.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public Guid ConsumerId { get; set; }

    public DateTime ReceivedAt { get; set; }
}
