using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Workers.Stock;

/// <summary>
/// The order shipped: its reserved units leave the warehouse. Inventory's commit is idempotent, so a redelivered
/// command changes nothing twice; UNAVAILABLE and DEADLINE_EXCEEDED reach the endpoint's retry policy as exceptions.
/// </summary>
public sealed class CommitStockConsumer(InventoryClient inventory, IOptions<InventoryClientOptions> options, ILogger<CommitStockConsumer> logger)
    : IConsumer<CommitStock>
{
    public async Task Consume(ConsumeContext<CommitStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.Message.OrderId;
        await inventory.CommitReservationAsync(
            new ReservationRequest { OrderId = orderId.ToString() },
            deadline: options.Value.DeadlineFromNow(),
            cancellationToken: context.CancellationToken);
        logger.LogInformation("Committed the stock of order {OrderId}", orderId);
        await context.Publish(new StockCommitted(orderId), context.CancellationToken);
    }
}
