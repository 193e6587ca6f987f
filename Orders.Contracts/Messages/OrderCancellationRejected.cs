namespace Orders.Contracts;

public sealed record OrderCancellationRejected(Guid OrderId, string CurrentStatus);
