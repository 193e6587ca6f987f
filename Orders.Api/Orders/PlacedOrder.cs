using System.Diagnostics;
using Orders.Api.Data;
using Orders.Contracts;
using Orders.Contracts.Inventory;

namespace Orders.Api.Orders;

/// <summary>An accepted request as the order row that is stored and the <c>OrderSubmitted</c> that starts its workflow.</summary>
internal static class PlacedOrder
{
    public static Order Create(Guid orderId, string customerId, PlaceOrder.PlaceOrderRequest request, ReserveStockReply reservation, DateTime now)
    {
        // Prices come from Inventory's reply only; the request has none.
        var prices = reservation.Lines.ToDictionary(line => line.Sku, line => line.UnitPrice.ToDecimal(), StringComparer.Ordinal);
        var items = request.Items!.Select((item, index) => new OrderItem
        {
            OrderId = orderId,
            LineNumber = index + 1,
            Sku = item!.Sku!,
            Quantity = item.Quantity,
            UnitPrice = Money(prices[item.Sku!]),
        }).ToList();
        return new Order
        {
            Id = orderId,
            CustomerId = customerId,
            Total = items.Sum(item => item.Quantity * item.UnitPrice),
            Currency = reservation.Currency,
            ShippingAddress = Address(request.ShippingAddress!),
            CreatedAt = now,
            TraceId = Activity.Current?.TraceId.ToHexString(),
            Items = items,
        };
    }

    public static OrderSubmitted Submitted(Order order, PlaceOrder.PlaceOrderRequest request)
    {
        var address = order.ShippingAddress!;
        return new OrderSubmitted(
            order.Id,
            order.CustomerId,
            [.. order.Items.Select(item => new OrderLine(item.Sku, item.Quantity, item.UnitPrice))],
            order.Total,
            order.Currency,
            request.Payment!.Token!,
            new Contracts.ShippingAddress(address.Name, address.Line1, address.City, address.PostalCode, address.Country),
            order.CreatedAt);
    }

    private static Data.ShippingAddress Address(PlaceOrder.ShippingAddressRequest address) => new()
    {
        Name = address.Name!,
        Line1 = address.Line1!,
        City = address.City!,
        PostalCode = address.PostalCode!,
        Country = address.Country!,
    };

    // Amounts with the cents the database keeps (19.90, not 19.9), so an answer reads the same before and after a reload.
    private static decimal Money(decimal amount) => decimal.Round(amount, 2) + 0.00m;
}
