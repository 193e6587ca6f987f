namespace Orders.Api.Data;

/// <summary>
/// An order as the API accepted it: who, what, for how much, where to. Its progress (status, payment, tracking,
/// timeline) is the saga's, read through <see cref="Orders.OrderReads"/>.
/// </summary>
public sealed class Order
{
    public Guid Id { get; init; }

    /// <summary>Insertion order, for keyset pagination (newest first) that neither skips nor repeats rows.</summary>
    public long Position { get; init; }

    public required string CustomerId { get; init; }

    public decimal Total { get; init; }

    public required string Currency { get; init; }

    /// <summary>Null only for orders stored before the API kept the address.</summary>
    public ShippingAddress? ShippingAddress { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The W3C trace id of the request that placed the order, so an operator can open its one trace.</summary>
    public string? TraceId { get; init; }

    public List<OrderItem> Items { get; init; } = [];
}
