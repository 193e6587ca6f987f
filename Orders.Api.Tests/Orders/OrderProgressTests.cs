using Orders.Api.Tests.Support;
using Orders.Contracts;

namespace Orders.Api.Tests.Orders;

/// <summary>
/// GET shows the saga's progress (read through workflow.order_progress) as soon as the saga has stored it, joined with
/// what the Api stored when it accepted the order.
/// </summary>
public sealed class OrderProgressTests : ApiFixture
{
    [Test]
    public async Task The_sagas_progress_is_the_orders_status_references_and_timeline()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var at = order.CreatedAt;

        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Submitted, at);
        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Paid, at.AddSeconds(1), paymentId: "pay_1");
        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Shipped, at.AddSeconds(2), trackingNumber: "TRK-1");
        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Completed, at.AddSeconds(3));

        var completed = await customer.GetOrderAsync(order.OrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(completed.Status, Is.EqualTo("Completed"));
            Assert.That(completed.PaymentId, Is.EqualTo("pay_1"));
            Assert.That(completed.TrackingNumber, Is.EqualTo("TRK-1"));
            Assert.That(completed.UpdatedAt, Is.EqualTo(at.AddSeconds(3)));
            Assert.That(completed.Items, Is.EqualTo(order.Items));
            Assert.That(completed.Total, Is.EqualTo(order.Total));
            Assert.That(completed.ShippingAddress, Is.EqualTo(order.ShippingAddress));
            Assert.That(completed.Timeline, Is.EqualTo(new[]
            {
                new TimelineEntryView("Submitted", at, null),
                new TimelineEntryView("Paid", at.AddSeconds(1), "pay_1"),
                new TimelineEntryView("Shipped", at.AddSeconds(2), "TRK-1"),
                new TimelineEntryView("Completed", at.AddSeconds(3), null),
            }));
        }
    }

    [Test]
    public async Task An_order_the_saga_has_not_taken_in_yet_is_Submitted_since_it_was_accepted()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());

        var current = await customer.GetOrderAsync(order.OrderId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(current.Status, Is.EqualTo("Submitted"));
            Assert.That(current.UpdatedAt, Is.EqualTo(order.CreatedAt));
            Assert.That(current.Timeline, Is.EqualTo(new[] { new TimelineEntryView("Submitted", order.CreatedAt, null) }));
        }
    }

    [Test]
    public async Task A_cancellation_that_overtook_the_submission_still_shows_the_submission_first()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());

        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Cancelled, order.CreatedAt.AddSeconds(1), CancellationReason.CancelledByCustomer);

        var current = await customer.GetOrderAsync(order.OrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(current.Status, Is.EqualTo("Cancelled"));
            Assert.That(current.CancellationReason, Is.EqualTo("cancelled_by_customer"));
            Assert.That(current.Timeline, Is.EqualTo(new[]
            {
                new TimelineEntryView("Submitted", order.CreatedAt, null),
                new TimelineEntryView("Cancelled", order.CreatedAt.AddSeconds(1), "cancelled_by_customer"),
            }));
        }
    }

    [Test]
    public async Task Another_customers_order_with_progress_is_still_not_found()
    {
        var order = await Customer().PlaceAcceptedAsync(OrderRequests.Valid());
        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Paid, DateTime.UtcNow, paymentId: "pay_2");

        using var response = await Customer().GetAsync($"/orders/{order.OrderId}");

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }
}
