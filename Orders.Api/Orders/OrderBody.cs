using Orders.Api.Data;
using Orders.Contracts;

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
    /// <summary>An order just accepted: Submitted, and nothing has happened to it yet.</summary>
    public static OrderBody Submitted(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderBody(
            order.Id,
            OrderStatus.Submitted,
            null,
            [.. order.Items.OrderBy(i => i.LineNumber).Select(i => new OrderItemBody(i.Sku, i.Quantity, i.UnitPrice))],
            order.Total,
            order.Currency,
            ShippingAddressBody.From(order.ShippingAddress),
            order.CreatedAt,
            order.CreatedAt,
            null,
            null,
            [new TimelineEntryBody(OrderStatus.Submitted, order.CreatedAt, null)]);
    }
}
