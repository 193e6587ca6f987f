namespace Orders.Api.Tests.Support;

public sealed record OrderItemView(string Sku, int Quantity, decimal UnitPrice);
