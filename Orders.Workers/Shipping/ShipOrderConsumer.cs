using MassTransit;
using Orders.Contracts;

namespace Orders.Workers.Shipping;

/// <summary>
/// Books the parcel of a paid order once: the shipment row (unique per order) commits with the published answer, and
/// a repeated request is answered from it.
/// </summary>
public sealed class ShipOrderConsumer(ShippingDbContext db, ICarrier carrier, TimeProvider clock, ILogger<ShipOrderConsumer> logger)
    : IConsumer<ShipOrder>
{
    public async Task Consume(ConsumeContext<ShipOrder> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        await db.LockOrderAsync(OrderLock.Shipment, command.OrderId, context.CancellationToken);
        var shipment = await db.Shipments.FindAsync([command.OrderId], context.CancellationToken);
        if (shipment is not null)
        {
            logger.LogInformation("Order {OrderId} was already handed to the carrier; answering from the stored shipment", command.OrderId);
        }
        else
        {
            var result = await carrier.ShipAsync(command.OrderId, command.ShippingAddress, command.Items, context.CancellationToken);
            shipment = new Shipment
            {
                OrderId = command.OrderId,
                TrackingNumber = result.TrackingNumber,
                FailureReason = result.FailureReason,
                Country = command.ShippingAddress.Country.ToUpperInvariant(),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Shipments.Add(shipment);
            logger.LogInformation(
                "Order {OrderId} to {Country}: {Outcome}", command.OrderId, shipment.Country, shipment.TrackingNumber ?? shipment.FailureReason);
        }

        if (shipment.Shipped)
        {
            await context.Publish(new OrderShipped(shipment.OrderId, shipment.TrackingNumber!), context.CancellationToken);
        }
        else
        {
            await context.Publish(new ShipmentFailed(shipment.OrderId, shipment.FailureReason!), context.CancellationToken);
        }
    }
}
