namespace Orders.Api.Limits;

/// <summary>How many orders one customer (the token's <c>sub</c>) may place per window; past it, POST /orders is 429.</summary>
public sealed class PlaceOrderRateLimitOptions
{
    public const string Section = "RateLimiting:PlaceOrder";

    /// <summary>Orders per customer per <see cref="Window"/>, retries with the same Idempotency-Key included.</summary>
    public int PermitLimit { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
