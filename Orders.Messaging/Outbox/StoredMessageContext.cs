using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Orders.Messaging.Outbox;

/// <summary>An outbox row as MassTransit's <see cref="OutboxMessageSendPipe"/> reads it when re-creating the send.</summary>
internal sealed class StoredMessageContext : OutboxMessageContext
{
    private static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>();

    private readonly OutboxMessage _message;

    public StoredMessageContext(OutboxMessage message)
    {
        _message = message;
        var deserializer = SystemTextJsonMessageSerializer.Instance;
        Headers = new ReadOnlyDictionaryHeaders(deserializer, deserializer.DeserializeDictionary<object>(message.Headers) ?? []);
        Properties = message.Properties is null ? NoProperties : deserializer.DeserializeDictionary<object>(message.Properties) ?? NoProperties;
    }

    public long SequenceNumber => _message.SequenceNumber;

    public Guid MessageId => _message.MessageId;

    Guid? MessageContext.MessageId => _message.MessageId;

    public string ContentType => _message.ContentType;

    public string MessageType => _message.MessageType ?? string.Empty;

    public string Body => _message.Body;

    public IReadOnlyDictionary<string, object> Properties { get; }

    public Guid? RequestId => _message.RequestId;

    public Guid? CorrelationId => _message.CorrelationId;

    public Guid? ConversationId => _message.ConversationId;

    public Guid? InitiatorId => _message.InitiatorId;

    public DateTime? ExpirationTime => _message.ExpirationTime;

    public Uri? SourceAddress => _message.SourceAddress;

    public Uri? DestinationAddress => _message.DestinationAddress;

    public Uri? ResponseAddress => _message.ResponseAddress;

    public Uri? FaultAddress => _message.FaultAddress;

    public DateTime? SentTime => _message.SentTime;

    public Headers Headers { get; }

    public HostInfo Host => HostMetadataCache.Host;
}
