namespace Orders.Workers.Shipping;

/// <summary>The carrier's answer: a tracking number, or why it cannot deliver.</summary>
public sealed record ShipmentResult(string? TrackingNumber, string? FailureReason)
{
    public static ShipmentResult Shipped(string trackingNumber) => new(trackingNumber, null);

    public static ShipmentResult Undeliverable(string reason) => new(null, reason);
}
