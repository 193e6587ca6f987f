using Orders.Contracts;

namespace Orders.Workers.Tests.Saga;

/// <summary>
/// The rows of the saga table where a step fails: the order is cancelled and what it holds is given back. The payment
/// timeout, on a clock the test moves, is in <c>Scenarios/PaymentScenarios</c>.
/// </summary>
public sealed class OrderFailureTests
{
    [Test]
    public async Task Declined_payment_cancels_the_order_and_releases_the_stock()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));

        await saga.PublishAsync(new PaymentFailed(orderId, "card_declined"));

        AssertCancelled(saga, orderId, CancellationReason.PaymentDeclined);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.PaymentTimeoutTokenId, Is.Null);
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<RefundPayment>(x => x.OrderId == orderId), Is.Empty);
        }
    }

    [TestCase("card_declined")]
    [TestCase("insufficient_funds")]
    public async Task Declined_payment_tells_the_customer_the_gateways_reason_in_the_timeline(string reason)
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));

        await saga.PublishAsync(new PaymentFailed(orderId, reason));

        var cancelled = saga.Order(orderId)!.Timeline[^1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That((cancelled.Status, cancelled.Detail), Is.EqualTo((OrderStatus.Cancelled, reason)));
            Assert.That(saga.Order(orderId)?.CancellationReason, Is.EqualTo(CancellationReason.PaymentDeclined), "the reason clients branch on is unchanged");
        }
    }

    [Test]
    public async Task Failed_shipment_cancels_the_order_refunds_the_payment_and_releases_the_stock()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId, country: "ZZ"));
        await saga.PublishAsync(TestOrders.Paid(orderId));

        await saga.PublishAsync(new ShipmentFailed(orderId, "undeliverable"));

        AssertCancelled(saga, orderId, CancellationReason.ShipmentFailed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Sent<RefundPayment>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<CommitStock>(x => x.OrderId == orderId), Is.Empty);
        }
    }

    internal static void AssertCancelled(SagaHarness saga, Guid orderId, string reason)
    {
        var order = saga.Order(orderId);
        var cancelled = saga.Published<OrderStatusChanged>(x => x.OrderId == orderId && x.Status == OrderStatus.Cancelled).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order?.CurrentState, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(order?.CancellationReason, Is.EqualTo(reason));
            Assert.That(cancelled, Has.Count.EqualTo(1));
            Assert.That(cancelled.FirstOrDefault()?.Reason, Is.EqualTo(reason));
        }
    }
}
