using System.Net;
using System.Text.Json.Nodes;
using Orders.Api.Tests.Support;
using Orders.Contracts.Inventory;
using Orders.Testing;

namespace Orders.Api.Tests.Orders;

public sealed class PlaceOrderTests : ApiFixture
{
    private static readonly string[] OrderMembers =
    [
        "orderId", "status", "cancellationReason", "items", "total", "currency", "shippingAddress", "createdAt", "updatedAt",
        "paymentId", "trackingNumber", "timeline",
    ];

    private static readonly string[] TimelineMembers = ["status", "at", "detail"];

    private static readonly string[] AddressMembers = ["name", "line1", "city", "postalCode", "country"];

    [Test]
    public async Task A_valid_order_is_accepted_with_its_location_and_inventorys_prices()
    {
        var customer = Customer();
        var body = OrderRequests.Valid(("SKU-0002", 2), ("SKU-0001", 1));
        // A client's price is not a price: only Inventory's reply counts.
        body["items"]![0]!["unitPrice"] = 0.01m;
        var stock = await Inventory.Client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0001", "SKU-0002" } });
        var price = stock.Items.ToDictionary(item => item.Sku, item => item.UnitPrice.ToDecimal());

        using var response = await customer.PlaceAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var order = await CustomerClient.ReadOrderAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/orders/{order.OrderId}"));
            Assert.That(order.Status, Is.EqualTo("Submitted"));
            Assert.That(order.CancellationReason, Is.Null);
            Assert.That(order.Items, Is.EqualTo(new[]
            {
                new OrderItemView("SKU-0002", 2, price["SKU-0002"]),
                new OrderItemView("SKU-0001", 1, price["SKU-0001"]),
            }));
            Assert.That(order.Total, Is.EqualTo((2 * price["SKU-0002"]) + price["SKU-0001"]));
            Assert.That(order.Currency, Is.EqualTo("EUR"));
            Assert.That(order.ShippingAddress, Is.EqualTo(ShippingAddressView.Valid));
            Assert.That(order.PaymentId, Is.Null);
            Assert.That(order.TrackingNumber, Is.Null);
            Assert.That(order.Timeline, Has.Count.EqualTo(1));
            Assert.That(order.Timeline[0], Is.EqualTo(new TimelineEntryView("Submitted", order.CreatedAt, null)));
        }

        var fetched = await customer.GetOrderAsync(order.OrderId);
        Assert.That(fetched with { Items = order.Items, Timeline = order.Timeline }, Is.EqualTo(order));
        Assert.That(fetched.Items, Is.EqualTo(order.Items));
        Assert.That(fetched.Timeline, Is.EqualTo(order.Timeline));
    }

    [Test]
    public async Task The_order_body_has_the_contracts_member_names_and_nulls()
    {
        using var response = await Customer().PlaceAsync(OrderRequests.Valid());
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.That(json.Select(member => member.Key), Is.EqualTo(OrderMembers));
        Assert.That(json["timeline"]![0]!.AsObject().Select(member => member.Key), Is.EqualTo(TimelineMembers));
        Assert.That(json["shippingAddress"]!.AsObject().Select(member => member.Key), Is.EqualTo(AddressMembers));
        Assert.That(json["paymentId"], Is.Null);
        Assert.That(json["total"]!.ToJsonString(), Does.Match(@"^\d+\.\d{2}$"), "amounts keep their cents");
        Assert.That(json["items"]![0]!["unitPrice"]!.ToJsonString(), Does.Match(@"^\d+\.\d{2}$"));
    }

    [Test]
    public async Task An_order_stored_before_the_address_was_kept_shows_a_null_address()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid());
        var cleared = await ScalarAsync<long>(
            """
            WITH cleared AS (
                UPDATE ordering.orders
                SET shipping_name = NULL, shipping_line1 = NULL, shipping_city = NULL, shipping_postal_code = NULL, shipping_country = NULL
                WHERE id = @id RETURNING 1)
            SELECT count(*) FROM cleared
            """,
            ("id", order.OrderId));
        Assert.That(cleared, Is.EqualTo(1));

        using var fetched = await customer.GetAsync($"/orders/{order.OrderId}");
        using var listed = await customer.GetAsync("/orders");

        var json = JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!.AsObject();
        var item = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["items"]![0]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.ContainsKey("shippingAddress") && json["shippingAddress"] is null, Is.True, json.ToJsonString());
            Assert.That(json["orderId"]!.GetValue<Guid>(), Is.EqualTo(order.OrderId));
            Assert.That(item.ContainsKey("shippingAddress") && item["shippingAddress"] is null, Is.True, item.ToJsonString());
        }
    }

    [Test]
    public async Task An_accepted_order_is_published_as_OrderSubmitted_once_it_is_stored()
    {
        var customer = Customer();
        var order = await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0003", 3)));

        Assert.That(await Eventually.Holds(() => Saga.Submitted(order.OrderId) is not null), Is.True, "OrderSubmitted arrives");
        var submitted = Saga.Submitted(order.OrderId)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(submitted.CustomerId, Is.EqualTo(customer.CustomerId));
            Assert.That(submitted.Items.Select(line => (line.Sku, line.Quantity, line.UnitPrice)), Is.EqualTo(new[] { ("SKU-0003", 3, order.Items[0].UnitPrice) }));
            Assert.That(submitted.Total, Is.EqualTo(order.Total));
            Assert.That(submitted.Currency, Is.EqualTo("EUR"));
            Assert.That(submitted.PaymentToken, Is.EqualTo("tok_visa"));
            Assert.That(submitted.ShippingAddress.Country, Is.EqualTo("GB"));
            Assert.That(submitted.SubmittedAt, Is.EqualTo(order.CreatedAt));
        }

        Assert.That(
            await Eventually.Holds(async () => await ScalarAsync<long>("SELECT count(*) FROM ordering.outbox_messages") == 0),
            Is.True,
            "the outbox row is removed once the broker has it");
    }

    [Test]
    public async Task Insufficient_stock_is_409_listing_the_short_skus_and_leaves_nothing_behind()
    {
        await Inventory.Client.SetStockAsync(new SetStockRequest { Sku = "SKU-0005", OnHand = 1 + await Inventory.ReservedAsync("SKU-0005") });
        var customer = Customer();
        var reservedBefore = await Inventory.ReservedAsync("SKU-0004");

        using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0004", 1), ("SKU-0005", 2)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("insufficient-stock"));
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(409));
            Assert.That(problem["skus"]!.AsArray().Select(sku => sku!.GetValue<string>()), Is.EqualTo((string[])["SKU-0005"]));
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero);
            Assert.That(await Inventory.ReservedAsync("SKU-0004"), Is.EqualTo(reservedBefore), "the available line was not held either");
            Assert.That(Saga.SubmittedCount, Is.EqualTo(await ScalarAsync<long>("SELECT count(*) FROM ordering.orders")), "no message for a refused order");
        }
    }

    [Test]
    public async Task An_unknown_sku_is_422_and_leaves_nothing_behind()
    {
        var customer = Customer();
        var reservedBefore = await Inventory.ReservedAsync("SKU-0006");

        using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0006", 1), ("SKU-9999", 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("unknown-sku"));
            Assert.That(problem["skus"]!.AsArray().Select(sku => sku!.GetValue<string>()), Is.EqualTo((string[])["SKU-9999"]));
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero);
            Assert.That(await Inventory.ReservedAsync("SKU-0006"), Is.EqualTo(reservedBefore));
        }
    }
}
