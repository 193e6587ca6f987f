using Microsoft.EntityFrameworkCore;
using Orders.Inventory.Data;

namespace Orders.Inventory.Catalogue;

/// <summary>
/// Fills an empty catalogue with demo products so a fresh system can take orders. Retries until the database
/// answers; readiness stays red until the catalogue has products.
/// </summary>
public sealed class DemoCatalogue(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoCatalogue> logger) : BackgroundService
{
    public const int StockPerSku = 1000;

    public const string Currency = "EUR";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private static readonly (string Name, decimal UnitPrice)[] Products =
    [
        ("Espresso cup", 6.50m), ("Cappuccino mug", 9.90m), ("Pour-over kettle", 49.00m), ("Burr grinder", 129.00m),
        ("Digital scale", 24.95m), ("Paper filters (100)", 4.20m), ("Glass carafe", 19.90m), ("French press", 34.50m),
        ("Milk jug", 14.00m), ("Tamper", 22.00m), ("Knock box", 18.75m), ("Cleaning tablets", 8.99m),
        ("Whole beans, Ethiopia", 12.40m), ("Whole beans, Colombia", 11.80m), ("Whole beans, Brazil", 10.90m), ("Decaf beans", 12.10m),
        ("Travel tumbler", 21.00m), ("Cold brew bottle", 27.30m), ("Moka pot", 39.00m), ("Espresso machine", 449.00m),
        ("Descaler", 7.60m), ("Barista apron", 29.90m), ("Storage canister", 16.40m), ("Gift card", 25.00m),
    ];

    /// <summary>Seeds the catalogue when it is empty; returns whether this call inserted it.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return false;
        }

        var skus = Products.Select((_, index) => $"SKU-{index + 1:D4}").ToArray();
        var names = Products.Select(product => product.Name).ToArray();
        var prices = Products.Select(product => product.UnitPrice).ToArray();

        // Two replicas starting together both find the catalogue empty; ON CONFLICT makes the second insert a no-op.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO inventory.products (sku, name, unit_price, currency)
            SELECT sku, name, unit_price, {Currency} FROM unnest({skus}, {names}, {prices}) AS seed(sku, name, unit_price)
            ON CONFLICT (sku) DO NOTHING
            """,
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO inventory.stock (sku, on_hand, reserved)
            SELECT sku, {StockPerSku}, 0 FROM unnest({skus}) AS seed(sku)
            ON CONFLICT (sku) DO NOTHING
            """,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Seeded the demo catalogue: {ProductCount} products with {StockPerSku} units each", inserted, StockPerSku);
        return inserted > 0;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await SeedAsync(stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not seed the demo catalogue yet; retrying in {RetryDelay}", RetryDelay);
            }

            await Task.Delay(RetryDelay, clock, stoppingToken);
        }
    }
}
