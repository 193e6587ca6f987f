using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using MassTransit.Testing;
using Orders.Messaging.Outbox;

namespace Orders.Testing.Harness;

/// <summary>
/// Feeds what Orders.Messaging's outboxes deliver into <c>ITestHarness.Sent</c> and <c>ITestHarness.Published</c>, as
/// the messages' own types. Delivery sends the stored envelope unchanged, so MassTransit's observers would only see a
/// stand-in type; this observer reads the stored envelope back instead. A row is listed in Sent as its delivery starts
/// (the harness keeps one entry per message id, so the transport's stand-in entry that follows is dropped) and, when
/// its destination is its type's publish exchange, in Published once the broker has confirmed it. Rows of types
/// outside the given message assemblies are left to MassTransit's own observers.
/// </summary>
public sealed class OutboxHarnessBridge : IOutboxDeliveryObserver
{
    private static readonly MethodInfo RecordMethod =
        typeof(OutboxHarnessBridge).GetMethod(nameof(Record), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<Type, Action<object, OutboxMessage, Headers, bool, ITestHarness>> Recorders = new();

    private readonly ITestHarness _harness;
    private readonly IBus _bus;
    private readonly OutboxMessageTypes _types;

    public OutboxHarnessBridge(ITestHarness harness, IBus bus, OutboxMessageTypes types)
    {
        _harness = harness;
        _bus = bus;
        _types = types;
    }

    public void PreDeliver(OutboxMessage message) => Record(message, published: false);

    public void PostDeliver(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsPublish(message))
        {
            Record(message, published: true);
        }
    }

    private void Record(OutboxMessage message, bool published)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_types.Resolve(message.MessageType) is not { } type)
        {
            return;
        }

        var serializer = SystemTextJsonMessageSerializer.Instance;
        var headers = new ReadOnlyDictionaryHeaders(serializer, serializer.DeserializeDictionary<object>(message.Headers) ?? []);
        var envelope = serializer.Deserialize(serializer.GetMessageBody(message.Body), headers, message.DestinationAddress);
        if (envelope.TryGetMessage(type, out var body) && body is not null)
        {
            Recorders.GetOrAdd(type, CreateRecorder)(body, message, headers, published, _harness);
        }
    }

    /// <summary>
    /// Published rows are sends to the exchange of their message type: named after the type (RabbitMQ) or its URN
    /// (in-memory transport).
    /// </summary>
    private bool IsPublish(OutboxMessage message)
    {
        var target = LastSegment(message.DestinationAddress);
        var types = (message.MessageType ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (types.Contains(target, StringComparer.Ordinal))
        {
            return true;
        }

        return _types.Resolve(message.MessageType) is { } type
               && _bus.Topology.PublishTopology.TryGetPublishAddress(type, _bus.Address, out var exchange)
               && exchange is not null
               && LastSegment(exchange) == target;
    }

    private static string LastSegment(Uri address) => Uri.UnescapeDataString(address.AbsolutePath.TrimEnd('/').Split('/')[^1]);

    private static Action<object, OutboxMessage, Headers, bool, ITestHarness> CreateRecorder(Type type) =>
        RecordMethod.MakeGenericMethod(type).CreateDelegate<Action<object, OutboxMessage, Headers, bool, ITestHarness>>();

    private static void Record<T>(object body, OutboxMessage stored, Headers headers, bool published, ITestHarness harness)
        where T : class
    {
        var context = new MessageSendContext<T>((T)body)
        {
            MessageId = stored.MessageId,
            CorrelationId = stored.CorrelationId,
            ConversationId = stored.ConversationId,
            InitiatorId = stored.InitiatorId,
            RequestId = stored.RequestId,
            SourceAddress = stored.SourceAddress,
            DestinationAddress = stored.DestinationAddress,
            ResponseAddress = stored.ResponseAddress,
            FaultAddress = stored.FaultAddress,
            IsPublish = published,
        };
        foreach (var header in headers)
        {
            context.Headers.Set(header.Key, header.Value);
        }

        // The harness's own lists, the ones its bus observers fill: waits such as Published.Any<T>() see these too.
        if (published)
        {
            ((PublishedMessageList)harness.Published).Add<T>(context);
        }
        else
        {
            ((SentMessageList)harness.Sent).Add<T>(context);
        }
    }
}
