using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Api.Inventory;

namespace Orders.Api.Health;

/// <summary>Asks Inventory's gRPC health service: orders cannot be taken while it is not serving.</summary>
internal sealed class InventoryCheck(Grpc.Health.V1.Health.HealthClient health, IOptions<InventoryOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await health.CheckAsync(
                new HealthCheckRequest(), deadline: DateTime.UtcNow + options.Value.Deadline, cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Inventory reports {reply.Status}.");
        }
        catch (RpcException exception)
        {
            return HealthCheckResult.Unhealthy($"Inventory does not answer ({exception.StatusCode}).", exception);
        }
    }
}
