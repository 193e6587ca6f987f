namespace Orders.Api.Data;

/// <summary>An order as the API stores and shows it; its status is the read model of the saga's transitions.</summary>
public sealed class Order
{
    public Guid Id { get; init; }

    /// <summary>Insertion order, for keyset pagination (newest first) that neither skips nor repeats rows.</summary>
    public long Position { get; init; }

    public required string CustomerId { get; init; }

    public required string Status { get; set; }

    public string? CancellationReason { get; set; }

    public decimal Total { get; init; }

    public required string Currency { get; init; }

    /// <summary>Null only for orders stored before the API kept the address.</summary>
    public ShippingAddress? ShippingAddress { get; init; }

    public string? PaymentId { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public List<OrderItem> Items { get; init; } = [];

    public List<TimelineEntry> Timeline { get; init; } = [];
}
