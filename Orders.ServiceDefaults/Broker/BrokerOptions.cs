namespace Orders.ServiceDefaults.Broker;

/// <summary>How the services declare their RabbitMQ queues (section <c>Messaging</c>).</summary>
public sealed class BrokerOptions
{
    public const string Section = "Messaging";

    /// <summary><c>Classic</c> for a single node; <c>Quorum</c> for a cluster, where every queue is replicated.</summary>
    public BrokerQueueType QueueType { get; set; } = BrokerQueueType.Classic;

    /// <summary>
    /// Quorum queues only: how often a message may be delivered before the broker moves it to the queue's <c>_error</c>
    /// queue. A message is redelivered only when its consumer's connection or process is lost while it holds it
    /// (retries happen in the process), so a message past this limit keeps crashing or cutting off its consumers.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>
    /// <c>amqps://</c> only: a PEM file of the CA (or CAs) that the broker's certificate must chain to; no other root is
    /// trusted. Without it, the operating system's roots apply.
    /// </summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>
    /// Where a command for the queue <paramref name="queue"/> is sent. A classic queue is declared by its senders too,
    /// so a command waits in it even before the first consumer starts. A quorum queue is declared by its receive endpoint
    /// alone, with arguments (queue type, delivery limit) that a sender's plain declaration would contradict: commands go
    /// to the queue's exchange, as events do, which the receive endpoint binds to its queue when it starts.
    /// </summary>
    public Uri CommandAddress(string queue) =>
        QueueType == BrokerQueueType.Quorum ? new Uri($"exchange:{queue}") : new Uri($"queue:{queue}");
}

public enum BrokerQueueType
{
    Classic,
    Quorum,
}
