using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Orders.Messaging.Outbox;

/// <summary>Turns a send that MassTransit has fully prepared (serialized body, headers, addresses) into an outbox row.</summary>
internal static class OutboxMessageFactory
{
    /// <summary>W3C trace context header: the consumer of the delivered message continues the writer's trace.</summary>
    public const string TraceParentHeader = "traceparent";

    public const string TraceStateHeader = "tracestate";

    public static OutboxMessage Create<T>(SendContext<T> context, Guid outboxId, DateTime now, PostgresOutboxOptions options)
        where T : class
    {
        var messageId = context.MessageId ?? throw new MessageException(typeof(T), "The SendContext MessageId must be present");

        // The activity that is current while the business transaction runs is the parent of the eventual send.
        if (Activity.Current is { } activity && context.Headers.Get<string>(TraceParentHeader) is null)
        {
            context.Headers.Set(TraceParentHeader, activity.Id);
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                context.Headers.Set(TraceStateHeader, activity.TraceStateString);
            }
        }

        var message = new OutboxMessage
        {
            OutboxId = outboxId,
            MessageId = messageId,
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress
                ?? throw new MessageException(typeof(T), "The SendContext DestinationAddress must be present"),
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(';', context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(context.Headers.GetAll()) ?? "{}",
        };

        if (context.TimeToLive is { } timeToLive)
        {
            message.ExpirationTime = now + timeToLive;
        }

        // A delay is how MassTransit asks for a scheduled send; the row waits in PostgreSQL until it is due.
        if (context.Delay is { } delay && delay > TimeSpan.Zero)
        {
            message.EnqueueTime = now + delay;
            message.SchedulingTokenId = context.Headers.Get<Guid>(MessageHeaders.SchedulingTokenId);
        }
        else
        {
            message.LockedUntil = options.LeaseFrom(now);
        }

        if (context is TransportSendContext<T> transportContext)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transportContext.WritePropertiesTo(properties);

            // The due time replaces the transport delay: re-applied at delivery it would ask the broker for a
            // delayed-message exchange that this setup does not have.
            properties.Remove("Delay");
            if (properties.Count > 0)
            {
                message.Properties = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(properties);
            }
        }

        return message;
    }
}
