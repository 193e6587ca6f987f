namespace Orders.Api.Data;

/// <summary>One line of an order, priced by Inventory when the stock was reserved.</summary>
public sealed class OrderItem
{
    public Guid OrderId { get; init; }

    /// <summary>The line's place in the request, so the order shows its lines as the customer wrote them.</summary>
    public int LineNumber { get; init; }

    public required string Sku { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }
}
