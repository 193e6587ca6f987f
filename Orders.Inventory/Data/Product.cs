namespace Orders.Inventory.Data;

/// <summary>A catalogue entry. Prices are the server's: clients never send them.</summary>
public sealed class Product
{
    public required string Sku { get; init; }

    public required string Name { get; set; }

    public decimal UnitPrice { get; set; }

    public required string Currency { get; set; }
}
