using Orders.Contracts;

namespace Orders.Workers.Tests.Saga;

/// <summary>Messages that arrive late, twice, or in a state they do not apply to never corrupt an order or fault.</summary>
public sealed class LateAndDuplicateMessageTests
{
    [Test]
    public async Task Payment_completed_after_the_order_was_cancelled_is_refunded()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));
        await saga.PublishAsync(new PaymentFailed(orderId, "card_declined"));

        await saga.PublishAsync(TestOrders.Paid(orderId, "pay_late"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(saga.Sent<RefundPayment>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<ShipOrder>(x => x.OrderId == orderId), Is.Empty);
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Select(x => x.Status),
                Is.EqualTo(new[] { OrderStatus.Submitted, OrderStatus.Cancelled }));
        }
    }

    [Test]
    public async Task Duplicate_events_do_not_change_the_outcome()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await saga.PublishAsync(TestOrders.Submitted(orderId));
        await saga.PublishAsync(TestOrders.Submitted(orderId));
        await saga.PublishAsync(TestOrders.Paid(orderId));
        await saga.PublishAsync(TestOrders.Paid(orderId));
        await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));
        await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));
        await saga.PublishAsync(new StockCommitted(orderId));
        await saga.PublishAsync(new StockCommitted(orderId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Completed));
            Assert.That(saga.Sent<ProcessPayment>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<ShipOrder>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<CommitStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Select(x => x.Status),
                Is.EqualTo(new[] { OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed }));
        }
    }

    [Test]
    public async Task Events_that_do_not_apply_in_the_current_state_are_ignored_without_a_fault()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));

        // PublishAsync asserts that each was consumed without an exception.
        await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));
        await saga.PublishAsync(new ShipmentFailed(orderId, "undeliverable"));
        await saga.PublishAsync(new StockCommitted(orderId));
        await saga.PublishAsync(TestOrders.Paid(orderId));
        await saga.PublishAsync(new PaymentFailed(orderId, "card_declined"));
        await saga.PublishAsync(new PaymentTimeout(orderId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Paid));
            Assert.That(saga.Sent<CommitStock>(x => x.OrderId == orderId), Is.Empty);
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId), Is.Empty);
            Assert.That(saga.AnyFault(), Is.False);
        }
    }

    [Test]
    public async Task Events_for_an_unknown_order_are_ignored_without_a_fault()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await saga.PublishAsync(TestOrders.Paid(orderId));
        await saga.PublishAsync(new StockCommitted(orderId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId), Is.Null);
            Assert.That(saga.AnyFault(), Is.False);
        }
    }
}
