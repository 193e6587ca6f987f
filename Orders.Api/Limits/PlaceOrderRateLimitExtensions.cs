namespace Orders.Api.Limits;

public static class PlaceOrderRateLimitExtensions
{
    public static IServiceCollection AddPlaceOrderRateLimit(this IServiceCollection services)
    {
        services.AddOptions<PlaceOrderRateLimitOptions>().BindConfiguration(PlaceOrderRateLimitOptions.Section)
            .Validate(o => o.PermitLimit > 0, "RateLimiting:PlaceOrder:PermitLimit must be positive.")
            .Validate(o => o.TokensPerPeriod > 0, "RateLimiting:PlaceOrder:TokensPerPeriod must be positive.")
            .Validate(o => o.ReplenishmentPeriod > TimeSpan.Zero, "RateLimiting:PlaceOrder:ReplenishmentPeriod must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PlaceOrderRateLimit>();
        return services;
    }
}
