namespace Orders.Inventory.Data;

/// <summary>Stock of one SKU. The database holds <c>0 &lt;= Reserved &lt;= OnHand</c> as a CHECK constraint.</summary>
public sealed class StockItem
{
    public required string Sku { get; init; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int Available => OnHand - Reserved;

    public Product Product { get; set; } = null!;
}
