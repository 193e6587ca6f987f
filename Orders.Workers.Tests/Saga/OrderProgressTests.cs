using Orders.Contracts;

namespace Orders.Workers.Tests.Saga;

/// <summary>The rows of the saga table that move an order forward, one test per row.</summary>
public sealed class OrderProgressTests
{
    [Test]
    public async Task Submitted_order_asks_for_payment_and_schedules_the_payment_timeout()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await saga.PublishAsync(TestOrders.Submitted(orderId));

        var order = saga.Order(orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order?.CurrentState, Is.EqualTo(OrderStatus.Submitted));
            Assert.That(order?.PaymentTimeoutTokenId, Is.Not.Null);
            Assert.That(order?.Items, Has.Count.EqualTo(1));
            Assert.That(saga.Sent<ProcessPayment>(x => x.OrderId == orderId).Single(),
                Is.EqualTo(new ProcessPayment(orderId, 39.80m, "EUR", "tok_visa")));
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Single().Status, Is.EqualTo(OrderStatus.Submitted));
        }
    }

    [Test]
    public async Task Completed_payment_makes_the_order_paid_unschedules_the_timeout_and_ships_it()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));

        await saga.PublishAsync(TestOrders.Paid(orderId, "pay_42"));

        var order = saga.Order(orderId);
        var shipOrder = saga.Sent<ShipOrder>(x => x.OrderId == orderId).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order?.CurrentState, Is.EqualTo(OrderStatus.Paid));
            Assert.That(order?.PaymentId, Is.EqualTo("pay_42"));
            Assert.That(order?.PaymentTimeoutTokenId, Is.Null);
            Assert.That(shipOrder.ShippingAddress.Country, Is.EqualTo("GB"));
            Assert.That(shipOrder.Items.Single().Sku, Is.EqualTo("SKU-0001"));
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Paid).Single().PaymentId,
                Is.EqualTo("pay_42"));
        }
    }

    [Test]
    public async Task Shipped_order_commits_its_stock()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));
        await saga.PublishAsync(TestOrders.Paid(orderId));

        await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));

        var status = saga.Published<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Shipped).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Shipped));
            Assert.That(saga.Sent<CommitStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(status.TrackingNumber, Is.EqualTo("TRK-1"));
            Assert.That(status.PaymentId, Is.EqualTo("pay_1"));
        }
    }

    [Test]
    public async Task Committed_stock_completes_the_order()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));
        await saga.PublishAsync(TestOrders.Paid(orderId));
        await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));

        await saga.PublishAsync(new StockCommitted(orderId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Completed));
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Select(x => x.Status),
                Is.EqualTo(new[] { OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed }));
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Select(x => x.Reason), Is.All.Null);
        }
    }

    [Test]
    public async Task The_saga_keeps_every_status_it_reached_with_its_detail_in_the_timeline_that_GET_shows()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        var submitted = TestOrders.Submitted(orderId);
        await saga.PublishAsync(submitted);
        await saga.PublishAsync(TestOrders.Paid(orderId, "pay_7"));
        await saga.PublishAsync(new OrderShipped(orderId, "TRK-7"));
        await saga.PublishAsync(new StockCommitted(orderId));

        var order = saga.Order(orderId)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order.Timeline.Select(entry => (entry.Status, entry.Detail)), Is.EqualTo(new (string, string?)[]
            {
                (OrderStatus.Submitted, null),
                (OrderStatus.Paid, "pay_7"),
                (OrderStatus.Shipped, "TRK-7"),
                (OrderStatus.Completed, null),
            }));
            Assert.That(order.Timeline[0].At, Is.EqualTo(submitted.SubmittedAt).Within(TimeSpan.FromMilliseconds(0.001)), "Submitted is dated when the Api accepted it");
            Assert.That(order.Timeline.Select(entry => entry.At), Is.Ordered);
            Assert.That(order.Timeline[^1].At, Is.EqualTo(order.UpdatedAt));
        }
    }
}
