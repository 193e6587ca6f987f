namespace Orders.Api.Orders;

public sealed record OrderItemBody(string Sku, int Quantity, decimal UnitPrice);
