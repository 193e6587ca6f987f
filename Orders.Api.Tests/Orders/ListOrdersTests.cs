using System.Net;
using System.Net.Http.Json;
using Orders.Api.Tests.Support;

namespace Orders.Api.Tests.Orders;

public sealed class ListOrdersTests : ApiFixture
{
    [Test]
    public async Task Pages_walk_the_customers_orders_newest_first_without_gaps_or_repeats()
    {
        var customer = Customer();
        var placed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            placed.Add((await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0014", 1)))).OrderId);
        }

        await Customer().PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0014", 1)));

        var seen = new List<Guid>();
        var nexts = new List<string?>();
        string? after = null;
        do
        {
            var page = await PageAsync(customer, $"/orders?limit=2{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(2));
            Assert.That(page.Items.Select(order => order.ShippingAddress), Has.All.EqualTo(ShippingAddressView.Valid));
            seen.AddRange(page.Items.Select(order => order.OrderId));
            nexts.Add(page.Next);
            after = page.Next;
        }
        while (after is not null);

        Assert.That(seen, Is.EqualTo(Enumerable.Reverse(placed)));
        Assert.That(nexts, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task The_list_filters_by_status_and_defaults_to_twenty()
    {
        var customer = Customer();
        for (var i = 0; i < 21; i++)
        {
            await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0015", 1)));
        }

        var paidOrder = await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0015", 1)));
        await Saga.Progress.ReachAsync(paidOrder.OrderId, "Paid", DateTime.UtcNow, paymentId: "pay_list");

        var firstPage = await PageAsync(customer, "/orders");
        var submitted = await PageAsync(customer, "/orders?status=Submitted&limit=100");
        var paid = await PageAsync(customer, "/orders?status=Paid");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstPage.Items, Has.Count.EqualTo(20));
            Assert.That(firstPage.Next, Is.Not.Null);
            Assert.That(submitted.Items, Has.Count.EqualTo(21));
            Assert.That(submitted.Next, Is.Null);
            Assert.That(paid.Items.Select(order => order.OrderId), Is.EqualTo(new[] { paidOrder.OrderId }), "the saga's status, not the Api's");
        }
    }

    [TestCase("/orders?limit=0", "limit")]
    [TestCase("/orders?limit=101", "limit")]
    [TestCase("/orders?status=Lost", "status")]
    [TestCase("/orders?after=yesterday", "after")]
    public async Task A_bad_query_is_400_naming_the_parameter(string path, string parameter)
    {
        using var response = await Customer().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await CustomerClient.ReadProblemAsync(response);
        Assert.That(problem["errors"]!.AsObject().Select(error => error.Key), Does.Contain(parameter));
    }

    [Test]
    public async Task An_unknown_order_is_404_problem()
    {
        using var response = await Customer().GetAsync($"/orders/{Guid.NewGuid()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await CustomerClient.ReadProblemAsync(response);
    }

    private static async Task<PageView> PageAsync(CustomerClient customer, string path)
    {
        using var response = await customer.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PageView>(CustomerClient.Json))!;
    }

    private sealed record PageView(IReadOnlyList<OrderView> Items, string? Next);
}
