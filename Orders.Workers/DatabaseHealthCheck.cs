using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orders.Workers;

/// <summary>Ready only while the database of <typeparamref name="TDbContext"/> answers.</summary>
public sealed class DatabaseHealthCheck<TDbContext>(TDbContext db) : IHealthCheck
    where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{typeof(TDbContext).Name}: the database does not answer.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{typeof(TDbContext).Name}: {exception.Message}", exception);
        }
    }
}
