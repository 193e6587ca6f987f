namespace Orders.Inventory.Data;

/// <summary>One SKU of a reservation, with the unit price it was reserved at.</summary>
public sealed class ReservationLine
{
    public Guid OrderId { get; init; }

    public required string Sku { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }
}
