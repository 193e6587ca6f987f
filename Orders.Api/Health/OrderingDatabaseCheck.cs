using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Api.Data;

namespace Orders.Api.Health;

/// <summary>Ready only when PostgreSQL answers and the <c>ordering</c> schema has been migrated.</summary>
internal sealed class OrderingDatabaseCheck(OrderingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var migrated = await db.Database.SqlQuery<bool>(
                    $"SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = {OrderingDbContext.Schema} AND table_name = 'orders') AS \"Value\"")
                .SingleAsync(cancellationToken);
            return migrated ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The ordering schema is not migrated.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}
