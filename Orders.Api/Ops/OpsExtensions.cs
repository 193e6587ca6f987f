using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orders.Api.Ops;

/// <summary>The operations console's services: its reads, the broker as its own user, the stuck-order count.</summary>
public static class OpsExtensions
{
    public static IServiceCollection AddOps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OpsOptions>().BindConfiguration(OpsOptions.Section)
            .Validate(options => options.StuckAfter > TimeSpan.Zero, "Ops:StuckAfter must be positive.")
            .Validate(options => options.StuckCountInterval > TimeSpan.Zero, "Ops:StuckCountInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OpsReads>();
        services.AddHttpClient(ErrorQueues.ManagementClient, ErrorQueues.ConfigureManagement);
        services.AddSingleton<ErrorQueues>();
        services.AddExceptionHandler<BrokerProblems>();
        services.AddSingleton<StuckOrders>();
        services.AddHostedService(provider => provider.GetRequiredService<StuckOrders>());
        services.AddHealthChecks().AddCheck<StuckOrders>("stuck-orders", HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }
}
