using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Testing;
using Orders.Workers.Payments;
using Orders.Workers.Tests.Hosting;

namespace Orders.Workers.Tests.Saga;

/// <summary>
/// Whole orders through every role on real RabbitMQ and PostgreSQL, with the real Inventory over gRPC: the saga, its
/// outbox and scheduler, and each consumer, as they run in production.
/// </summary>
public sealed class OrderFlowTests : WorkersFixture
{
    protected override string Roles => "saga,payments,shipping,stock";

    protected override bool NeedsInventory => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:GatewayTimeout"] = "00:00:00.300",
    };

    [Test]
    public async Task Reserved_order_is_paid_shipped_and_completed_and_its_stock_leaves_the_warehouse()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0004");

        await SubmitAsync(orderId, "SKU-0004", 2);

        await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Completed);
        var statuses = Events.Of<OrderStatusChanged>(x => x.OrderId == orderId).OrderBy(x => x.At).ToList();
        var completed = statuses[^1];
        var after = await Inventory.StockAsync("SKU-0004");
        await using var workflow = OpenWorkflow();
        var order = await workflow.Orders.SingleAsync(x => x.CorrelationId == orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Select(x => x.Status),
                Is.EqualTo(new[] { OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed }));
            Assert.That(completed.PaymentId, Is.Not.Null);
            Assert.That(completed.TrackingNumber, Is.Not.Null);
            Assert.That(order.CurrentState, Is.EqualTo(OrderStatus.Completed));
            Assert.That(order.Items.Single().Sku, Is.EqualTo("SKU-0004"));
            Assert.That(order.PaymentTimeoutTokenId, Is.Null);
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand - 2));
            Assert.That(after.Reserved, Is.EqualTo(before.Reserved));
            Assert.That(await ScheduledMessagesAsync(), Is.Zero, "the payment timeout was unscheduled");
        }
    }

    [Test]
    public async Task Undeliverable_order_is_cancelled_refunded_and_its_stock_released()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0005");

        await SubmitAsync(orderId, "SKU-0005", 1, country: "ZZ");

        var cancelled = (await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Cancelled)).Single();
        await Events.WaitForAsync<PaymentRefunded>(x => x.OrderId == orderId);
        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId);
        var after = await Inventory.StockAsync("SKU-0005");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Reason, Is.EqualTo(CancellationReason.ShipmentFailed));
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand));
            Assert.That(after.Reserved, Is.EqualTo(before.Reserved));
        }
    }

    [Test]
    public async Task Declined_payment_cancels_the_order_and_releases_its_stock()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0006");

        await SubmitAsync(orderId, "SKU-0006", 5, paymentToken: "tok_declined");

        var cancelled = (await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Cancelled)).Single();
        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Reason, Is.EqualTo(CancellationReason.PaymentDeclined));
            Assert.That((await Inventory.StockAsync("SKU-0006")).Reserved, Is.EqualTo(before.Reserved));
            Assert.That(Events.Of<PaymentRefunded>(x => x.OrderId == orderId), Is.Empty);
        }
    }

    [Test]
    public async Task Customer_cancel_while_the_payment_is_pending_is_accepted_and_releases_the_stock()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0007");
        await SubmitAsync(orderId, "SKU-0007", 1, paymentToken: "tok_timeout");
        await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Submitted);
        await using (var payments = OpenPayments())
        {
            Assert.That(
                await Eventually.Holds(() => payments.Payments.AnyAsync(x => x.OrderId == orderId && x.Status == PaymentStatus.Pending)),
                Is.True,
                "the payment is pending");
        }

        var response = await Observer.CancelAsync(orderId);

        Assert.That(response.Is(out MassTransit.Response<OrderCancellationAccepted>? _), Is.True);
        var cancelled = (await Events.WaitForAsync<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Cancelled)).Single();
        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId);
        var again = await Observer.CancelAsync(orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Reason, Is.EqualTo(CancellationReason.CancelledByCustomer));
            Assert.That((await Inventory.StockAsync("SKU-0007")).Reserved, Is.EqualTo(before.Reserved));
            Assert.That(again.Is(out MassTransit.Response<OrderCancellationRejected>? rejected), Is.True);
            Assert.That(rejected?.Message.CurrentStatus, Is.EqualTo(OrderStatus.Cancelled));
        }
    }

    private async Task SubmitAsync(Guid orderId, string sku, int quantity, string paymentToken = "tok_visa", string country = "GB")
    {
        var reservation = await Inventory.ReserveAsync(orderId, sku, quantity);
        var price = reservation.Lines.Single().UnitPrice.ToDecimal();
        await Observer.PublishAsync(new OrderSubmitted(
            orderId,
            "customer-1",
            [new OrderLine(sku, quantity, price)],
            price * quantity,
            reservation.Currency,
            paymentToken,
            new ShippingAddress("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", country),
            DateTime.UtcNow));
    }

    private async Task<int> ScheduledMessagesAsync()
    {
        await using var workflow = OpenWorkflow();
        return await workflow.Set<Orders.Messaging.Outbox.OutboxMessage>().CountAsync(x => x.EnqueueTime != null);
    }
}
