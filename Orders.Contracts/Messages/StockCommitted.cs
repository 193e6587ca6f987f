namespace Orders.Contracts;

public sealed record StockCommitted(Guid OrderId);
