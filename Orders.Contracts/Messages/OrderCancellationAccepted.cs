namespace Orders.Contracts;

public sealed record OrderCancellationAccepted(Guid OrderId, DateTime At);
