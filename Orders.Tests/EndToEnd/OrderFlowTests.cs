using System.Net;
using System.Text.Json.Nodes;
using Orders.Contracts.Inventory;
using Orders.Testing;
using Orders.Testing.Scheduling;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// Every path of an order through the running system, as a customer sees it. Each test uses its own SKU, so stock
/// figures show exactly what its order did.
/// </summary>
public sealed class OrderFlowTests : RunningSystem
{
    private static readonly string[] HappyPath = ["Submitted", "Paid", "Shipped", "Completed"];

    [Test]
    public async Task A_paid_and_shipped_order_completes_with_a_tracking_number_and_commits_its_stock()
    {
        var sku = Sku(1);
        var before = await StockOfAsync(sku);

        var id = await Alice.PlaceAcceptedAsync(Order(sku, quantity: 2));
        var order = await Alice.FinalAsync(id);

        Assert.Multiple(async () =>
        {
            Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That(order["trackingNumber"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
            Assert.That(order["paymentId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
            Assert.That(Statuses(order), Is.EqualTo(HappyPath));
            var after = await StockOfAsync(sku);
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand - 2), "the reservation was committed");
            Assert.That(after.Reserved, Is.EqualTo(before.Reserved));
        });
    }

    [Test]
    public async Task A_declined_payment_cancels_the_order_and_releases_the_stock()
    {
        var sku = Sku(2);
        var before = await StockOfAsync(sku);

        var id = await Alice.PlaceAcceptedAsync(Order(sku, paymentToken: "tok_declined"));
        var order = await Alice.FinalAsync(id);

        Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        Assert.That(order["cancellationReason"]!.GetValue<string>(), Is.EqualTo("payment_declined"));
        Assert.That(order["timeline"]!.AsArray()[^1]!["detail"]!.GetValue<string>(), Is.EqualTo("card_declined"), "the customer sees why the gateway declined");
        await StockReturnsToAsync(sku, before);
    }

    [Test]
    public async Task An_undeliverable_order_is_cancelled_refunded_and_its_stock_released()
    {
        var sku = Sku(3);
        var before = await StockOfAsync(sku);

        var id = await Alice.PlaceAcceptedAsync(Order(sku, country: "ZZ"));
        var order = await Alice.FinalAsync(id);

        Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        Assert.That(order["cancellationReason"]!.GetValue<string>(), Is.EqualTo("shipment_failed"));
        Assert.That(Statuses(order), Does.Contain("Paid"), "it was paid before shipping failed");
        // GET shows Cancelled as soon as the saga commits it; the refund it asked for follows through the payments queue.
        Assert.That(await Eventually.Until(() => Payments.RefundsOfAsync(Database.ConnectionString, id), refunds => refunds > 0), Is.EqualTo(1), "the payment was refunded");
        await System.UntilQuiet();
        await StockReturnsToAsync(sku, before);
        Assert.That(await Payments.RefundsOfAsync(Database.ConnectionString, id), Is.EqualTo(1), "the payment was refunded, once");
    }

    [Test]
    public async Task A_flaky_payment_completes_and_charges_once()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(Sku(4), paymentToken: "tok_flaky"));
        var order = await Alice.FinalAsync(id);

        Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
        Assert.That(await Payments.ChargesOfAsync(Database.ConnectionString, id), Is.EqualTo(1));
    }

    [Test]
    public async Task A_payment_that_never_answers_times_out_and_releases_the_stock()
    {
        var sku = Sku(5);
        var before = await StockOfAsync(sku);

        var id = await Alice.PlaceAcceptedAsync(Order(sku, paymentToken: "tok_timeout"));
        await Alice.StatusAsync(id, "Submitted");
        await System.UntilQuiet();
        var timeout = await Payments.PaymentTimeoutOfAsync(Database.ConnectionString, id);
        Assert.That((await Alice.GetAsync(id))?["status"]?.GetValue<string>(), Is.EqualTo("Submitted"), "nothing but the timeout ends it");

        // The Workers process keeps its own clock: its scheduled timeout (due in minutes) is made due now instead.
        Assert.That(await ScheduledMessages.DueNowAsync(Database.ConnectionString, "workflow", timeout), Is.EqualTo(1));
        var order = await Alice.FinalAsync(id);

        Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        Assert.That(order["cancellationReason"]!.GetValue<string>(), Is.EqualTo("payment_timeout"));
        await StockReturnsToAsync(sku, before);
    }

    [Test]
    public async Task A_charge_captured_after_the_payment_timeout_is_refunded()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(Sku(13), paymentToken: "tok_late"));
        // The pending payment commits with its reconciliation, once the gateway's answer is given up on.
        var reconciliation = await Eventually.Until(() => Payments.ReconciliationOfAsync(Database.ConnectionString, id), token => token is not null);
        Assert.That(await Payments.ChargesOfAsync(Database.ConnectionString, id), Is.EqualTo(1), "the gateway took the money; its answer never came");

        Assert.That(await ScheduledMessages.DueNowAsync(Database.ConnectionString, "workflow", await Payments.PaymentTimeoutOfAsync(Database.ConnectionString, id)), Is.EqualTo(1));
        var order = await Alice.FinalAsync(id);
        Assert.That(order["cancellationReason"]?.GetValue<string>(), Is.EqualTo("payment_timeout"));

        // The reconciliation (due half a minute after the charge) asks the gateway, which knows of the capture.
        Assert.That(await ScheduledMessages.DueNowAsync(Database.ConnectionString, "payments", reconciliation!.Value), Is.EqualTo(1));
        Assert.That(await Eventually.Until(() => Payments.GatewayRefundsOfAsync(Database.ConnectionString, id), refunds => refunds > 0), Is.EqualTo(1), "the late charge was refunded");
        await System.UntilQuiet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Payments.ChargesOfAsync(Database.ConnectionString, id), Is.EqualTo(1));
            Assert.That(await Payments.GatewayRefundsOfAsync(Database.ConnectionString, id), Is.EqualTo(1), "refunded once");
            Assert.That((await Alice.GetAsync(id))?["status"]?.GetValue<string>(), Is.EqualTo("Cancelled"), "a cancelled order stays cancelled");
        }
    }

    [Test]
    public async Task Cancelling_before_payment_cancels_the_order_and_releases_the_stock()
    {
        var sku = Sku(6);
        var before = await StockOfAsync(sku);
        var id = await Alice.PlaceAcceptedAsync(Order(sku, paymentToken: "tok_timeout"));

        using var response = await Alice.Http.PostAsync($"/orders/{id}/cancel", null);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        Assert.That(body["cancellationReason"]!.GetValue<string>(), Is.EqualTo("cancelled_by_customer"));
        await StockReturnsToAsync(sku, before);
    }

    [Test]
    public async Task Cancelling_a_completed_order_is_refused_with_its_status()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(Sku(7)));
        await Alice.FinalAsync(id);

        using var response = await Alice.Http.PostAsync($"/orders/{id}/cancel", null);

        var problem = await response.ProblemAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), problem.ToJsonString());
        Assert.That(problem.ToJsonString(), Does.Contain("Completed"));
    }

    [Test]
    public async Task An_order_beyond_the_stock_is_refused_and_leaves_nothing_behind()
    {
        var sku = Sku(8);
        await InventoryClient.SetStockAsync(new SetStockRequest { Sku = sku, OnHand = 3 });
        var before = await StockOfAsync(sku);
        var ordersBefore = await OrderCountAsync(Alice);

        using var response = await Alice.PlaceAsync(Order(sku, quantity: 5));

        var problem = await response.ProblemAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), problem.ToJsonString());
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("insufficient-stock"));
            Assert.That(problem.ToJsonString(), Does.Contain(sku));
            Assert.That((await StockOfAsync(sku)).Reserved, Is.EqualTo(before.Reserved), "no reservation is left");
            Assert.That(await OrderCountAsync(Alice), Is.EqualTo(ordersBefore), "no order is stored");
        });
    }

    [Test]
    public async Task An_unknown_sku_is_refused()
    {
        using var response = await Alice.PlaceAsync(Order("SKU-9999"));

        var problem = await response.ProblemAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), problem.ToJsonString());
        Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("unknown-sku"));
    }

    [Test]
    public async Task Retrying_with_the_same_idempotency_key_returns_the_same_order()
    {
        var sku = Sku(9);
        var before = await StockOfAsync(sku);
        var key = Guid.NewGuid().ToString();
        var order = Order(sku);

        using var first = await Alice.PlaceAsync(order, key);
        using var second = await Alice.PlaceAsync(order, key);

        var firstBody = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var secondBody = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), firstBody.ToJsonString());
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), secondBody.ToJsonString());
        var id = firstBody["orderId"]!.GetValue<Guid>();
        Assert.That(secondBody["orderId"]!.GetValue<Guid>(), Is.EqualTo(id));
        await Alice.FinalAsync(id);
        Assert.That((await StockOfAsync(sku)).OnHand, Is.EqualTo(before.OnHand - 1), "one order, one reservation, one commit");
    }

    [Test]
    public async Task Another_customers_order_is_not_found()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(Sku(10)));

        using var response = await Bob.Http.GetAsync($"/orders/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("quantity", 0, "GB", "tok_visa")]
    [TestCase("quantity", 1001, "GB", "tok_visa")]
    [TestCase("country", 1, "GBR", "tok_visa")]
    [TestCase("token", 1, "GB", "")]
    public async Task An_invalid_body_is_refused_naming_the_field(string field, int quantity, string country, string paymentToken)
    {
        using var response = await Alice.PlaceAsync(Order(Sku(11), quantity, paymentToken, country));

        var problem = await response.ProblemAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToJsonString());
        Assert.That(problem["errors"]!.AsObject().Select(x => x.Key), Has.Some.Contains(field).IgnoreCase, problem.ToJsonString());
    }

    private static string[] Statuses(JsonNode order) =>
        order["timeline"]!.AsArray().Select(x => x!["status"]!.GetValue<string>()).ToArray();

    private static async Task<int> OrderCountAsync(OrdersClient client)
    {
        using var response = await client.Http.GetAsync("/orders?limit=100");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Count;
    }

    /// <summary>Releasing stock follows the cancellation asynchronously; it must happen, within a deadline.</summary>
    private async Task StockReturnsToAsync(string sku, StockLevel before)
    {
        var now = await Eventually.Until(() => StockOfAsync(sku), stock => stock.Reserved == before.Reserved);
        Assert.That((now.OnHand, now.Reserved), Is.EqualTo((before.OnHand, before.Reserved)), "the reservation was released, nothing committed");
    }
}
