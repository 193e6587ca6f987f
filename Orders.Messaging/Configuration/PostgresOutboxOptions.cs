namespace Orders.Messaging;

/// <summary>Settings of the outbox, inbox, scheduler and cleanup of one DbContext type.</summary>
public sealed class PostgresOutboxOptions
{
    /// <summary>How long the fallback poller waits between looks for rows nobody delivered (crash, broker outage).</summary>
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most rows claimed by one delivery transaction.</summary>
    public int QueryMessageLimit { get; set; } = 200;

    /// <summary>Most sends in flight at once within one delivery batch (ordered per outbox, parallel across outboxes).</summary>
    public int DeliveryConcurrency { get; set; } = 32;

    /// <summary>Longest wait for the broker to confirm one message before it is left for a later round.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the writing process alone may deliver its freshly committed rows; after that (it died, or it is
    /// stuck) the poller of any instance takes them. Longer than <see cref="SendTimeout"/>.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest pause of the poller after failed deliveries (it doubles from <see cref="QueryDelay"/>).</summary>
    public TimeSpan MaxDeliveryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long inbox rows are kept: a duplicate arriving later than this is no longer recognised.</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often old inbox rows are removed.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows removed per cleanup statement, so that cleanup never holds long locks.</summary>
    public int CleanupBatchSize { get; set; } = 5000;

    /// <summary>False in hosts that only write to the outbox and leave delivery to another process.</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>The lease a row written now gets: none when this host does not deliver.</summary>
    internal DateTime? LeaseFrom(DateTime now) => DeliveryEnabled ? now + DeliveryLease : null;

    internal void Validate()
    {
        if (QueryDelay <= TimeSpan.Zero || MaxDeliveryBackoff < QueryDelay)
        {
            throw new InvalidOperationException("QueryDelay must be positive and not above MaxDeliveryBackoff.");
        }

        if (QueryMessageLimit < 1 || DeliveryConcurrency < 1 || CleanupBatchSize < 1)
        {
            throw new InvalidOperationException("QueryMessageLimit, DeliveryConcurrency and CleanupBatchSize must be at least 1.");
        }

        if (SendTimeout <= TimeSpan.Zero || DeliveryLease <= SendTimeout)
        {
            throw new InvalidOperationException("SendTimeout must be positive and shorter than DeliveryLease.");
        }

        if (DuplicateDetectionWindow <= TimeSpan.Zero || CleanupInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("DuplicateDetectionWindow and CleanupInterval must be positive.");
        }
    }
}
