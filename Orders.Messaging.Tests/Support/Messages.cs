namespace Orders.Messaging.Tests.Support;

public sealed record Ping(Guid Id);

public sealed record Pong(Guid Id);

public sealed record StartWaiting(Guid CorrelationId, TimeSpan Delay);

public sealed record StopWaiting(Guid CorrelationId);

public sealed record Increment(Guid CorrelationId);

public sealed record WaitingExpired(Guid CorrelationId);

public sealed record WaitingTimedOut(Guid CorrelationId, DateTime At);
