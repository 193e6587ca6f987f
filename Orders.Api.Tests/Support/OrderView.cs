namespace Orders.Api.Tests.Support;

/// <summary>The order body as a client reads it (CONTRACTS.md), kept apart from the API's own type on purpose.</summary>
public sealed record OrderView(
    Guid OrderId,
    string Status,
    string? CancellationReason,
    IReadOnlyList<OrderItemView> Items,
    decimal Total,
    string Currency,
    ShippingAddressView? ShippingAddress,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? PaymentId,
    string? TrackingNumber,
    IReadOnlyList<TimelineEntryView> Timeline);
