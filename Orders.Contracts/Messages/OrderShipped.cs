namespace Orders.Contracts;

public sealed record OrderShipped(Guid OrderId, string TrackingNumber);
