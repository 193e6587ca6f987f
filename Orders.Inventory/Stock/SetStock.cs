using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Stock;

/// <summary>Sets the units on hand of one SKU (stock-taking, operations, tests). Never below what is reserved.</summary>
public sealed class SetStock(InventoryDbContext db, ILogger<SetStock> logger)
{
    public async Task<GetStockReply> HandleAsync(SetStockRequest request, CancellationToken cancellationToken)
    {
        var violations = new RequestViolations();
        violations.Sku(request.Sku, "sku");
        if (request.OnHand < 0)
        {
            violations.Add("on_hand", "must not be negative");
        }

        violations.ThrowIfAny();

        // Locked so a reservation cannot raise reserved between the check below and the update.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stock = await db.LockStockAsync([request.Sku], cancellationToken);
        if (!stock.TryGetValue(request.Sku, out var item))
        {
            throw InventoryErrors.UnknownSkus([request.Sku]);
        }

        if (request.OnHand < item.Reserved)
        {
            throw InventoryErrors.OnHandBelowReserved(item.Sku, request.OnHand, item.Reserved);
        }

        var previous = item.OnHand;
        item.OnHand = request.OnHand;
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(item).Reference(stockItem => stockItem.Product).LoadAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Set on hand of {Sku} from {PreviousOnHand} to {OnHand}", item.Sku, previous, item.OnHand);
        var reply = new GetStockReply();
        reply.Items.Add(GetStock.ToStockLevel(item));
        return reply;
    }
}
