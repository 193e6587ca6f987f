using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Messaging.Outbox;
using Orders.Workers.Tests.Hosting;

namespace Orders.Workers.Tests.Saga;

/// <summary>The payment timeout through the durable PostgreSQL scheduler, with a timeout short enough to wait for.</summary>
public sealed class PaymentTimeoutFlowTests : WorkersFixture
{
    protected override string Roles => "saga,payments,shipping,stock";

    protected override bool NeedsInventory => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Workflow:PaymentTimeout"] = "00:00:01",
        ["Payments:GatewayTimeout"] = "00:00:00.200",
    };

    [Test]
    public async Task Order_whose_payment_never_answers_is_cancelled_when_the_timeout_fires_and_its_stock_released()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0008");
        var reservation = await Inventory.ReserveAsync(orderId, "SKU-0008", 2);
        var price = reservation.Lines.Single().UnitPrice.ToDecimal();

        await Observer.PublishAsync(new OrderSubmitted(
            orderId,
            "customer-1",
            [new OrderLine("SKU-0008", 2, price)],
            price * 2,
            reservation.Currency,
            "tok_timeout",
            new ShippingAddress("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", "GB"),
            DateTime.UtcNow));

        var cancelled = (await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Cancelled)).Single();
        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId);
        await using var workflow = OpenWorkflow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Reason, Is.EqualTo(CancellationReason.PaymentTimeout));
            Assert.That((await Inventory.StockAsync("SKU-0008")).Reserved, Is.EqualTo(before.Reserved));
            Assert.That(await workflow.Set<OutboxMessage>().CountAsync(x => x.EnqueueTime != null), Is.Zero, "the timeout was delivered");
        }
    }
}
