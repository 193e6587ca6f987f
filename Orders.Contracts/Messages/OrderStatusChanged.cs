namespace Orders.Contracts;

/// <summary>
/// Published by the saga on every transition, for any service that follows orders. The Api does not need it: it reads
/// the saga's own view (<see cref="ReadModel.OrderProgressView"/>).
/// </summary>
public sealed record OrderStatusChanged(
    Guid OrderId,
    string Status,
    string? Reason,
    DateTime At,
    string? PaymentId = null,
    string? TrackingNumber = null);
