using Orders.Api.Data;

namespace Orders.Api.Orders;

/// <summary>An order as every endpoint returns it (CONTRACTS.md, plus its shipping address: README.md).</summary>
public sealed record OrderBody(
    Guid OrderId,
    string Status,
    string? CancellationReason,
    IReadOnlyList<OrderItemBody> Items,
    decimal Total,
    string Currency,
    ShippingAddressBody? ShippingAddress,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? PaymentId,
    string? TrackingNumber,
    IReadOnlyList<TimelineEntryBody> Timeline)
{
    public static OrderBody From(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderBody(
            order.Id,
            order.Status,
            order.CancellationReason,
            [.. order.Items.OrderBy(i => i.LineNumber).Select(i => new OrderItemBody(i.Sku, i.Quantity, i.UnitPrice))],
            order.Total,
            order.Currency,
            ShippingAddressBody.From(order.ShippingAddress),
            order.CreatedAt,
            order.UpdatedAt,
            order.PaymentId,
            order.TrackingNumber,
            [.. order.Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TimelineEntryBody(t.Status, t.At, t.Detail))]);
    }
}
