using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Workers.Stock;

/// <summary>
/// The order will not ship: its reserved units become available again. Idempotent like Inventory's release; UNAVAILABLE
/// and DEADLINE_EXCEEDED reach the endpoint's retry policy as exceptions.
/// </summary>
public sealed class ReleaseStockConsumer(InventoryClient inventory, IOptions<InventoryClientOptions> options, ILogger<ReleaseStockConsumer> logger)
    : IConsumer<ReleaseStock>
{
    public async Task Consume(ConsumeContext<ReleaseStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.Message.OrderId;
        try
        {
            await inventory.ReleaseReservationAsync(
                new ReservationRequest { OrderId = orderId.ToString() },
                deadline: options.Value.DeadlineFromNow(),
                cancellationToken: context.CancellationToken);
            logger.LogInformation("Released the stock of order {OrderId}", orderId);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Nothing was ever reserved (or the reservation is gone): there is nothing to give back.
            logger.LogInformation("Order {OrderId} has no reservation; nothing to release", orderId);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
        {
            // The reservation was committed: the goods left, so retrying could never succeed.
            logger.LogWarning("The reservation of order {OrderId} was already committed; it is not released", orderId);
            return;
        }

        await context.Publish(new StockReleased(orderId), context.CancellationToken);
    }
}
