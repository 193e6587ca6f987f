using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orders.Api.Limits;

/// <summary>
/// One customer cannot flood the system with orders (each new one reserves stock and starts a workflow): each customer,
/// by the validated token's subject, has a token bucket, so one customer's burst never takes another's share. Only a
/// new order takes a token: PlaceOrder asks after its idempotency lookup, so a client retrying a stored key, or waiting
/// on that key's lock, gets the same answer every time and is charged only for the order placed.
/// </summary>
internal sealed class PlaceOrderRateLimit(IOptions<PlaceOrderRateLimitOptions> options) : IDisposable
{
    // A full bucket is as good as a new one: the limiter drops buckets that stay full, so customers seen once do not
    // accumulate.
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(customerId =>
        RateLimitPartition.GetTokenBucketLimiter(customerId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.PermitLimit,
            TokensPerPeriod = options.Value.TokensPerPeriod,
            ReplenishmentPeriod = options.Value.ReplenishmentPeriod,
            QueueLimit = 0,
        }));

    /// <summary>Takes a token for one new order; when the bucket is empty, says how long until the next one.</summary>
    public bool TryTake(string customerId, out TimeSpan retryAfter)
    {
        using var lease = _buckets.AttemptAcquire(customerId);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : options.Value.ReplenishmentPeriod;
        return lease.IsAcquired;
    }

    public void Dispose() => _buckets.Dispose();
}
