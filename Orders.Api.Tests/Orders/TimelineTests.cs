using Orders.Api.Tests.Support;
using Orders.Contracts;
using Orders.Testing;

namespace Orders.Api.Tests.Orders;

/// <summary>The saga's OrderStatusChanged events, published on the bus, become the order's status and timeline.</summary>
public sealed class TimelineTests : ApiFixture
{
    [Test]
    public async Task Status_changes_move_the_order_forward_and_fill_its_timeline()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var at = order.CreatedAt;

        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Paid, null, at.AddSeconds(1), PaymentId: "pay_1"));
        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Shipped, null, at.AddSeconds(2), TrackingNumber: "TRK-1"));
        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Completed, null, at.AddSeconds(3)));

        var completed = await customer.GetOrderAsync(order.OrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(completed.Status, Is.EqualTo("Completed"));
            Assert.That(completed.PaymentId, Is.EqualTo("pay_1"));
            Assert.That(completed.TrackingNumber, Is.EqualTo("TRK-1"));
            Assert.That(completed.UpdatedAt, Is.EqualTo(at.AddSeconds(3)));
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
    public async Task A_late_Shipped_never_overwrites_Completed()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());

        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Completed, null, order.CreatedAt.AddSeconds(3)));
        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Shipped, null, order.CreatedAt.AddSeconds(2), TrackingNumber: "TRK-2"));

        var current = await customer.GetOrderAsync(order.OrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(current.Status, Is.EqualTo("Completed"));
            Assert.That(current.UpdatedAt, Is.EqualTo(order.CreatedAt.AddSeconds(3)));
            Assert.That(current.TrackingNumber, Is.EqualTo("TRK-2"), "the late event's facts are kept");
            Assert.That(current.Timeline.Select(entry => entry.Status), Is.EqualTo((string[])["Submitted", "Shipped", "Completed"]), "history in time order");
        }
    }

    [Test]
    public async Task A_late_Paid_never_revives_a_cancelled_order()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());

        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Cancelled, CancellationReason.PaymentTimeout, order.CreatedAt.AddSeconds(2)));
        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Paid, null, order.CreatedAt.AddSeconds(1), PaymentId: "pay_late"));

        var current = await customer.GetOrderAsync(order.OrderId);
        Assert.That(current.Status, Is.EqualTo("Cancelled"));
        Assert.That(current.CancellationReason, Is.EqualTo("payment_timeout"));
    }

    [Test]
    public async Task A_duplicate_OrderStatusChanged_adds_no_timeline_row()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var paid = new OrderStatusChanged(order.OrderId, OrderStatus.Paid, null, order.CreatedAt.AddSeconds(1), PaymentId: "pay_3");

        var messageId = await ApplyAsync(paid);
        await ApplyAsync(paid, messageId, expectedDeliveries: 2);
        // The same event again under a new message id (a saga retry that published twice) is no new step either.
        await ApplyAsync(paid with { At = order.CreatedAt.AddSeconds(5) });

        var current = await customer.GetOrderAsync(order.OrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(current.Timeline.Select(entry => entry.Status), Is.EqualTo((string[])["Submitted", "Paid"]));
            Assert.That(current.Timeline[1].At, Is.EqualTo(order.CreatedAt.AddSeconds(1)));
            Assert.That(current.UpdatedAt, Is.EqualTo(order.CreatedAt.AddSeconds(1)));
            Assert.That(
                await ScalarAsync<long>("SELECT count(*) FROM ordering.inbox_messages WHERE message_id = @id", ("id", messageId)),
                Is.EqualTo(1),
                "the inbox recognised the redelivery");
        }
    }

    [Test]
    public async Task Racing_status_changes_of_one_order_end_at_the_furthest_status()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var at = order.CreatedAt;
        var changes = new[]
        {
            new OrderStatusChanged(order.OrderId, OrderStatus.Completed, null, at.AddSeconds(3)),
            new OrderStatusChanged(order.OrderId, OrderStatus.Shipped, null, at.AddSeconds(2), TrackingNumber: "TRK-4"),
            new OrderStatusChanged(order.OrderId, OrderStatus.Paid, null, at.AddSeconds(1), PaymentId: "pay_4"),
        };

        var ids = await Task.WhenAll(changes.Select(change => Saga.PublishAsync(change)));
        Assert.That(await Eventually.Holds(() => ids.All(id => Api.Received.Count(id) == 1)), Is.True, "all three consumed");

        var current = await customer.GetOrderAsync(order.OrderId);
        Assert.That(current.Status, Is.EqualTo("Completed"));
        Assert.That(current.Timeline, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task The_sagas_Submitted_event_changes_nothing()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());

        await ApplyAsync(new OrderStatusChanged(order.OrderId, OrderStatus.Submitted, null, order.CreatedAt.AddMilliseconds(20)));

        Assert.That(await customer.GetOrderAsync(order.OrderId), Is.EqualTo(order).Using<OrderView>(SameOrder));
    }

    [Test]
    public async Task An_event_for_an_unknown_order_changes_nothing_and_is_not_retried_forever()
    {
        var unknown = Guid.NewGuid();

        await ApplyAsync(new OrderStatusChanged(unknown, OrderStatus.Paid, null, DateTime.UtcNow));

        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ordering.order_timeline WHERE order_id = @id", ("id", unknown)), Is.Zero);
    }

    private static bool SameOrder(OrderView left, OrderView right) =>
        left with { Items = [], Timeline = [] } == right with { Items = [], Timeline = [] }
        && left.Items.SequenceEqual(right.Items)
        && left.Timeline.SequenceEqual(right.Timeline);

    /// <summary>Publishes a status change and waits until the API has consumed (and committed) it.</summary>
    private async Task<Guid> ApplyAsync(OrderStatusChanged change, Guid? messageId = null, int expectedDeliveries = 1)
    {
        var id = await Saga.PublishAsync(change, messageId);
        Assert.That(await Eventually.Holds(() => Api.Received.Count(id) >= expectedDeliveries), Is.True, $"{change.Status} consumed");
        return id;
    }
}
