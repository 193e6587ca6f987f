using MassTransit;
using Orders.Contracts;

namespace Orders.Workers.Tests.Saga;

/// <summary>CancelOrder is a request: the saga answers accepted or rejected (with the current status) in every state.</summary>
public sealed class OrderCancellationTests
{
    [Test]
    public async Task Cancelling_a_submitted_order_is_accepted_and_releases_the_stock()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await saga.PublishAsync(TestOrders.Submitted(orderId));

        var response = await CancelAsync(saga, orderId);

        Assert.That(response.Is(out Response<OrderCancellationAccepted>? accepted), Is.True);
        Assert.That(accepted!.Message.OrderId, Is.EqualTo(orderId));
        OrderFailureTests.AssertCancelled(saga, orderId, CancellationReason.CancelledByCustomer);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.PaymentTimeoutTokenId, Is.Null);
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Cancel_that_overtakes_the_submission_is_accepted_and_cancels_the_order()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();

        var response = await CancelAsync(saga, orderId);

        Assert.That(response.Is(out Response<OrderCancellationAccepted>? _), Is.True);
        OrderFailureTests.AssertCancelled(saga, orderId, CancellationReason.CancelledByCustomer);
        Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId), Is.Empty, "nothing to release before the submission arrives");
    }

    [Test]
    public async Task Submission_arriving_after_such_a_cancel_releases_the_stock_and_never_charges()
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await CancelAsync(saga, orderId);

        await saga.PublishAsync(TestOrders.Submitted(orderId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
            Assert.That(saga.Sent<ProcessPayment>(x => x.OrderId == orderId), Is.Empty);
            Assert.That(saga.Published<OrderStatusChanged>(x => x.OrderId == orderId).Count(), Is.EqualTo(1));
        }
    }

    [TestCase(OrderStatus.Paid)]
    [TestCase(OrderStatus.Shipped)]
    [TestCase(OrderStatus.Completed)]
    [TestCase(OrderStatus.Cancelled)]
    public async Task Cancelling_an_order_that_is_past_submitted_is_rejected_with_its_status(string status)
    {
        await using var saga = await SagaHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await DriveToAsync(saga, orderId, status);
        var releasesBefore = saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count();

        var response = await CancelAsync(saga, orderId);

        Assert.That(response.Is(out Response<OrderCancellationRejected>? rejected), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected!.Message.CurrentStatus, Is.EqualTo(status));
            Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(status));
            Assert.That(saga.Sent<ReleaseStock>(x => x.OrderId == orderId).Count(), Is.EqualTo(releasesBefore));
        }
    }

    private static async Task<Response<OrderCancellationAccepted, OrderCancellationRejected>> CancelAsync(SagaHarness saga, Guid orderId)
    {
        var client = saga.Harness.GetRequestClient<CancelOrder>();
        return await client.GetResponse<OrderCancellationAccepted, OrderCancellationRejected>(new CancelOrder(orderId));
    }

    private static async Task DriveToAsync(SagaHarness saga, Guid orderId, string status)
    {
        await saga.PublishAsync(TestOrders.Submitted(orderId));
        if (status == OrderStatus.Cancelled)
        {
            await saga.PublishAsync(new PaymentFailed(orderId, "card_declined"));
            return;
        }

        await saga.PublishAsync(TestOrders.Paid(orderId));
        if (status is OrderStatus.Shipped or OrderStatus.Completed)
        {
            await saga.PublishAsync(new OrderShipped(orderId, "TRK-1"));
        }

        if (status == OrderStatus.Completed)
        {
            await saga.PublishAsync(new StockCommitted(orderId));
        }

        Assert.That(saga.Order(orderId)?.CurrentState, Is.EqualTo(status));
    }
}
