using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Inventory.Data;

namespace Orders.Inventory.Health;

/// <summary>
/// Ready means PostgreSQL answers, the schema is migrated and the catalogue has products: only then can a
/// reservation succeed.
/// </summary>
public sealed class InventoryDatabaseCheck(InventoryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Products.AnyAsync(cancellationToken)
                ? HealthCheckResult.Healthy("PostgreSQL answers and the catalogue has products.")
                : HealthCheckResult.Unhealthy("PostgreSQL answers but the catalogue is still empty (seeding).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer, or the inventory schema is not migrated.", exception);
        }
    }
}
