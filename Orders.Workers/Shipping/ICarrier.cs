using Orders.Contracts;

namespace Orders.Workers.Shipping;

/// <summary>The carrier that takes parcels. The order id is the idempotency key: a repeated booking returns the first.</summary>
public interface ICarrier
{
    Task<ShipmentResult> ShipAsync(Guid orderId, ShippingAddress address, IReadOnlyList<OrderLine> items, CancellationToken cancellationToken);
}
