namespace Orders.Contracts;

/// <summary>One line of an order, priced by Inventory at reservation time (prices never come from the client).</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
