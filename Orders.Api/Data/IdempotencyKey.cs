namespace Orders.Api.Data;

/// <summary>
/// A customer's <c>Idempotency-Key</c> and the order it created. The key is unique per customer, so of two concurrent
/// requests with one key exactly one stores its order.
/// </summary>
public sealed class IdempotencyKey
{
    public required string CustomerId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request body as bound, to tell a retry from a different request reusing the key.</summary>
    public required byte[] RequestFingerprint { get; init; }

    public Guid OrderId { get; init; }

    public DateTime CreatedAt { get; init; }
}
