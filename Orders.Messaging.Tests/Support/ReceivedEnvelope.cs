namespace Orders.Messaging.Tests.Support;

/// <summary>What a consumer saw of a message's envelope, copied while the message was being consumed.</summary>
public sealed record ReceivedEnvelope(string? Tenant, Guid? CorrelationId, Guid? ConversationId);
