namespace Orders.Contracts;

/// <summary>Published by the saga on every transition; the API projects it into the order's timeline.</summary>
public sealed record OrderStatusChanged(
    Guid OrderId,
    string Status,
    string? Reason,
    DateTime At,
    string? PaymentId = null,
    string? TrackingNumber = null);
