using Microsoft.EntityFrameworkCore;
using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Stock;

/// <summary>Stock levels of the asked SKUs, or of every SKU when none is asked for; sorted by SKU.</summary>
public sealed class GetStock(InventoryDbContext db)
{
    public async Task<GetStockReply> HandleAsync(GetStockRequest request, CancellationToken cancellationToken)
    {
        var violations = new RequestViolations();
        for (var i = 0; i < request.Skus.Count; i++)
        {
            violations.Sku(request.Skus[i], $"skus[{i}]");
        }

        violations.ThrowIfAny();

        var skus = request.Skus.Distinct(StringComparer.Ordinal).ToArray();
        IQueryable<StockItem> query = db.Stock.AsNoTracking().Include(item => item.Product);
        if (skus.Length > 0)
        {
            query = query.Where(item => skus.Contains(item.Sku));
        }

        var items = await query.ToListAsync(cancellationToken);
        var unknown = skus.Except(items.Select(item => item.Sku), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw InventoryErrors.UnknownSkus(unknown);
        }

        var reply = new GetStockReply();
        reply.Items.AddRange(items.OrderBy(item => item.Sku, StringComparer.Ordinal).Select(ToStockLevel));
        return reply;
    }

    public static StockLevel ToStockLevel(StockItem item) => new()
    {
        Sku = item.Sku,
        Name = item.Product.Name,
        OnHand = item.OnHand,
        Reserved = item.Reserved,
        Available = item.Available,
        UnitPrice = DecimalValue.FromDecimal(item.Product.UnitPrice),
        Currency = item.Product.Currency,
    };
}
