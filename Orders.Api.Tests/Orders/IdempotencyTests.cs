using System.Net;
using System.Text.Json.Nodes;
using Orders.Api.Tests.Support;
using Orders.Contracts.Inventory;

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
            Assert.That(again.ShippingAddress, Is.EqualTo(first.ShippingAddress).And.EqualTo(ShippingAddressView.Valid));
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

    [Test]
    public async Task A_thousand_concurrent_requests_with_one_key_make_one_order_and_one_reservation_even_when_stock_is_short()
    {
        const int Requests = 1000;
        const string Sku = "SKU-0014";
        var customer = Customer();
        var key = Guid.NewGuid().ToString();

        // Room for two such orders only: a request that reserved on its own behalf before finding the key taken would be
        // refused for stock that its own order holds.
        await Inventory.Client.SetStockAsync(new SetStockRequest { Sku = Sku, OnHand = await Inventory.ReservedAsync(Sku) + 10 });
        var reservationsBefore = await ReservationsOfAsync(Sku);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = Api.Address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var storm = new CustomerClient(http, customer.CustomerId);

        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await storm.PlaceAsync(OrderRequests.Valid((Sku, 5)), key);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: body);
        }));

        var orderIds = answers.Where(answer => answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
            .Select(answer => JsonNode.Parse(answer.Body)!["orderId"]!.GetValue<Guid>()).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                answers.Where(answer => answer.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK)).Take(3),
                Is.Empty,
                "every answer is 202 or 200");
            Assert.That(answers.Count(answer => answer.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1), "one request created the order");
            Assert.That(orderIds, Has.Count.EqualTo(1), "every answer is that order");
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1), "one order row");
            Assert.That(await ReservationsOfAsync(Sku), Is.EqualTo(reservationsBefore + 1), "one reservation row in Inventory, ever");
            Assert.That(await HeldReservationsAsync(Sku), Is.EqualTo(1), "and it holds the stock");
        }

        using var reused = await customer.PlaceAsync(OrderRequests.Valid((Sku, 1)), key);

        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await CustomerClient.ReadProblemAsync(reused);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("idempotency-key-reused"));
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1));
            Assert.That(await ReservationsOfAsync(Sku), Is.EqualTo(reservationsBefore + 1));
        }
    }

    /// <summary>Reservations ever made in Inventory with a line of <paramref name="sku"/>, whatever became of them.</summary>
    private Task<long> ReservationsOfAsync(string sku) =>
        ScalarAsync<long>("SELECT count(*) FROM inventory.reservation_lines WHERE sku = @sku", ("sku", sku));
}
