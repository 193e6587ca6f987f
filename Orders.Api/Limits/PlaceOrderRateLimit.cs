using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Orders.Api.Auth;
using Orders.Api.Problems;

namespace Orders.Api.Limits;

/// <summary>
/// One customer cannot flood the system with orders (each one reserves stock and starts a workflow): POST /orders is
/// limited per customer, by the validated token's subject, so one customer's burst never takes another's share.
/// </summary>
public static class PlaceOrderRateLimit
{
    public const string Policy = "place-order";

    public static IServiceCollection AddPlaceOrderRateLimit(this IServiceCollection services)
    {
        services.AddOptions<PlaceOrderRateLimitOptions>().BindConfiguration(PlaceOrderRateLimitOptions.Section)
            .Validate(options => options.PermitLimit > 0, "RateLimiting:PlaceOrder:PermitLimit must be positive.")
            .Validate(options => options.Window > TimeSpan.Zero, "RateLimiting:PlaceOrder:Window must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<PlaceOrderRateLimitOptions>>().Value;

                // Authorization runs first, so the subject is there; an empty key is never reached in practice.
                var customer = context.User.Identity?.IsAuthenticated == true ? context.User.CustomerId() : string.Empty;
                return RateLimitPartition.GetFixedWindowLimiter(customer, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = WriteTooManyRequestsAsync;
        });
        return services;
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many orders",
                Type = ProblemTypes.TooManyRequests,
                Detail = $"This customer has placed the most orders allowed for now; retry after {seconds} s.",
            },
        });
    }
}
