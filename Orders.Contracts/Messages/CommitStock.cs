namespace Orders.Contracts;

public sealed record CommitStock(Guid OrderId);
