namespace Orders.Contracts;

public sealed record ShipOrder(Guid OrderId, ShippingAddress ShippingAddress, IReadOnlyList<OrderLine> Items);
