namespace Orders.Contracts;

public sealed record StockReleased(Guid OrderId);
