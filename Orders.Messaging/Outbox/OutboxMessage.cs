namespace Orders.Messaging.Outbox;

/// <summary>
/// A message written in the same transaction as the business change that caused it, and sent to the broker only
/// after that transaction commits. Rows are removed once the broker has confirmed them.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>
    /// Order of writing, from an identity column: increasing, not gap-free (a rolled-back insert burns its number), so
    /// code compares it and never counts on the next row being one more. Delivery follows it within one
    /// <see cref="OutboxId"/>, whose rows one transaction writes.
    /// </summary>
    public long SequenceNumber { get; set; }

    /// <summary>The unit of ordering: one consumed message, or one bus-outbox scope (for example an HTTP request).</summary>
    public Guid OutboxId { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>When set, the message is scheduled: it is not delivered before this time (UTC).</summary>
    public DateTime? EnqueueTime { get; set; }

    /// <summary>
    /// The delivery lease: until then the process that wrote the row delivers it right after its commit, and
    /// nobody else touches it. Written in the same INSERT, so the fast path costs no extra statement.
    /// </summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>For a scheduled message, the token its scheduler was given; cancelling deletes the row by it.</summary>
    public Guid? SchedulingTokenId { get; set; }

    public DateTime SentTime { get; set; }

    public required string Headers { get; set; }

    public string? Properties { get; set; }

    public required string ContentType { get; set; }

    public string? MessageType { get; set; }

    public required string Body { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public Uri? SourceAddress { get; set; }

    public required Uri DestinationAddress { get; set; }

    public Uri? ResponseAddress { get; set; }

    public Uri? FaultAddress { get; set; }

    public DateTime? ExpirationTime { get; set; }
}
