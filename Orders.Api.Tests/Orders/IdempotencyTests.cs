using System.Net;
using Orders.Api.Tests.Support;

namespace Orders.Api.Tests.Orders;

public sealed class IdempotencyTests : ApiFixture
{
    [Test]
    public async Task A_retry_with_the_same_key_and_body_is_200_with_the_same_order_and_reserves_nothing_more()
    {
        var customer = Customer();
        var key = Guid.NewGuid().ToString();
        var first = await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0010", 4)), key);
        var reserved = await Inventory.ReservedAsync("SKU-0010");

        using var retry = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0010", 4)), key);

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var again = await CustomerClient.ReadOrderAsync(retry);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.OrderId, Is.EqualTo(first.OrderId));
            Assert.That(again.Total, Is.EqualTo(first.Total));
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1));
            Assert.That(await Inventory.ReservedAsync("SKU-0010"), Is.EqualTo(reserved));
            Assert.That(await HeldReservationsAsync("SKU-0010"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task The_same_key_with_a_different_body_is_422_and_changes_nothing()
    {
        var customer = Customer();
        var key = Guid.NewGuid().ToString();
        var first = await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0011", 1)), key);
        var reserved = await Inventory.ReservedAsync("SKU-0011");

        using var reused = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0011", 2)), key);

        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await CustomerClient.ReadProblemAsync(reused);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("idempotency-key-reused"));
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1));
            Assert.That(await Inventory.ReservedAsync("SKU-0011"), Is.EqualTo(reserved));
            Assert.That((await customer.GetOrderAsync(first.OrderId)).Items.Single().Quantity, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_key_belongs_to_one_customer_only()
    {
        var key = Guid.NewGuid().ToString();

        var ada = await Customer("ada").PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0012", 1)), key);
        var grace = await Customer("grace").PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0012", 1)), key);

        Assert.That(grace.OrderId, Is.Not.EqualTo(ada.OrderId));
    }

    [Test]
    public async Task Concurrent_requests_with_one_key_leave_exactly_one_order_and_one_reservation()
    {
        const int Requests = 8;
        var customer = Customer();
        var key = Guid.NewGuid().ToString();
        var reservedBefore = await Inventory.ReservedAsync("SKU-0013");
        var heldBefore = await HeldReservationsAsync("SKU-0013");

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => customer.PlaceAsync(OrderRequests.Valid(("SKU-0013", 5)), key)));

        var statuses = responses.Select(response => response.StatusCode).ToList();
        var orders = await Task.WhenAll(responses.Select(CustomerClient.ReadOrderAsync));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Has.All.AnyOf(HttpStatusCode.Accepted, HttpStatusCode.OK));
            Assert.That(statuses.Count(status => status == HttpStatusCode.Accepted), Is.EqualTo(1), "one request created the order");
            Assert.That(orders.Select(order => order.OrderId).Distinct().Count(), Is.EqualTo(1), "every answer is that order");
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1));
            Assert.That(await HeldReservationsAsync("SKU-0013"), Is.EqualTo(heldBefore + 1));
            Assert.That(await Inventory.ReservedAsync("SKU-0013"), Is.EqualTo(reservedBefore + 5));
        }
    }
}
