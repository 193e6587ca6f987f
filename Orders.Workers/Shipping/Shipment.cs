namespace Orders.Workers.Shipping;

/// <summary>The one shipment of an order: handed to the carrier (with a tracking number) or refused by it.</summary>
public sealed class Shipment
{
    public Guid OrderId { get; init; }

    public string? TrackingNumber { get; init; }

    public string? FailureReason { get; init; }

    public string Country { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public bool Shipped => TrackingNumber is not null;
}
