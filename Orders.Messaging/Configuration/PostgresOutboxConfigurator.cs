namespace Orders.Messaging;

/// <summary>What <c>AddPostgresOutbox</c> sets up, beyond the consumer outbox and inbox that it always provides.</summary>
public sealed class PostgresOutboxConfigurator
{
    internal bool BusOutbox { get; private set; }

    public PostgresOutboxOptions Options { get; } = new();

    /// <summary>
    /// Outside consumers, <c>IPublishEndpoint</c> and <c>ISendEndpointProvider</c> write to the outbox in the DbContext
    /// instead of the broker (the messages leave when the caller's SaveChanges/transaction commits).
    /// </summary>
    public PostgresOutboxConfigurator UseBusOutbox()
    {
        BusOutbox = true;
        return this;
    }

    /// <summary>This host only writes to the outbox; another process delivers (and schedules).</summary>
    public PostgresOutboxConfigurator DisableDelivery()
    {
        Options.DeliveryEnabled = false;
        return this;
    }
}
