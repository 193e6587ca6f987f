namespace Orders.Api.Limits;

/// <summary>
/// Each customer's (the token's <c>sub</c>) token bucket for new orders. The defaults allow a burst of 30 and then one
/// order every 2 s: the old 30 per minute in the long run, without the fixed window's 60 across a window's edge.
/// </summary>
public sealed class PlaceOrderRateLimitOptions
{
    public const string Section = "RateLimiting:PlaceOrder";

    /// <summary>
    /// The bucket's size: new orders a customer may place in one burst. A bucket starts full, so a very large value
    /// switches the limit off (load tests do).
    /// </summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>Tokens put back into the bucket every <see cref="ReplenishmentPeriod"/>: the sustained rate.</summary>
    public int TokensPerPeriod { get; set; } = 1;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
