using System.Diagnostics;
using System.Net;
using Orders.Api.Tests.Support;
using Orders.Contracts;

namespace Orders.Api.Tests.Orders;

/// <summary>Cancellation asks the saga (here a double on the order-saga queue) and waits a bounded time.</summary>
public sealed class CancelOrderTests : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> ApiSettings { get; } =
        new Dictionary<string, string?> { ["Orders:CancelTimeout"] = "00:00:01" };

    [Test]
    public async Task An_accepted_cancellation_is_200_with_the_cancelled_order()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        Saga.AcceptCancellation(order.OrderId);

        using var response = await customer.CancelAsync(order.OrderId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var cancelled = await CustomerClient.ReadOrderAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.OrderId, Is.EqualTo(order.OrderId));
            Assert.That(cancelled.Status, Is.EqualTo("Cancelled"));
            Assert.That(cancelled.CancellationReason, Is.EqualTo("cancelled_by_customer"));
            Assert.That(cancelled.Timeline.Select(entry => (entry.Status, entry.Detail)), Is.EqualTo(new[]
            {
                ("Submitted", (string?)null),
                ("Cancelled", "cancelled_by_customer"),
            }));
        }
    }

    [Test]
    public async Task A_rejected_cancellation_is_409_with_the_current_status()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        Saga.RejectCancellation(order.OrderId, OrderStatus.Shipped);

        using var response = await customer.CancelAsync(order.OrderId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["currentStatus"]!.GetValue<string>(), Is.EqualTo("Shipped"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("Shipped"));
            Assert.That((await customer.GetOrderAsync(order.OrderId)).Status, Is.EqualTo("Submitted"), "nothing changed here");
        }
    }

    [Test]
    public async Task A_saga_that_does_not_answer_in_time_is_503_with_retry_after()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var clock = Stopwatch.StartNew();

        using var response = await customer.CancelAsync(order.OrderId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("dependency-unavailable"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the wait is bounded by Orders:CancelTimeout");
            Assert.That(Saga.CancelRequests(order.OrderId), Is.EqualTo(1), "the request did reach the saga's queue");
            Assert.That((await customer.GetOrderAsync(order.OrderId)).Status, Is.EqualTo("Submitted"));
        }
    }

    [Test]
    public async Task Cancelling_an_unknown_order_is_404()
    {
        using var response = await Customer().CancelAsync(Guid.NewGuid());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await CustomerClient.ReadProblemAsync(response);
    }

    [Test]
    public async Task A_completed_order_is_409_without_asking_the_saga()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        await Saga.Progress.ReachAsync(order.OrderId, OrderStatus.Completed, DateTime.UtcNow);

        using var response = await customer.CancelAsync(order.OrderId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await CustomerClient.ReadProblemAsync(response))["currentStatus"]!.GetValue<string>(), Is.EqualTo("Completed"));
        Assert.That(Saga.CancelRequests(order.OrderId), Is.Zero);
    }
}
