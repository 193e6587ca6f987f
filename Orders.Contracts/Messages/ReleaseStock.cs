namespace Orders.Contracts;

public sealed record ReleaseStock(Guid OrderId);
