using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orders.Api.Tests.Support;
using Orders.Testing;

namespace Orders.Api.Tests.Orders;

/// <summary>
/// What a hostile or broken client can send to POST /orders: every such request is answered with a problem (400, 413,
/// 415), never a 500, and leaves nothing behind, neither an order nor a reservation in Inventory.
/// </summary>
public sealed class HostileInputTests : ApiFixture
{
    private const int OneMebibyte = 1024 * 1024;

    private static readonly TestCaseData[] UnreadableBodies =
    [
        Body("deeply nested items", "{\"items\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        Body("deeply nested unknown member", "{\"extra\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        Body("garbage", "\u0001\u0002garbage{{{"),
        Body("truncated", OrderRequests.Valid().ToJsonString()[..40]),
        Body("trailing garbage", OrderRequests.Valid().ToJsonString() + "}]"),
        Body("two objects", OrderRequests.Valid().ToJsonString() + OrderRequests.Valid().ToJsonString()),
        Body("null body", "null"),
        Body("a string", "\"order\""),
        Body("quantity beyond int", Quantity("2147483648")),
        Body("quantity far beyond long", Quantity("99999999999999999999999999999999")),
        Body("quantity 1e400", Quantity("1e400")),
        Body("quantity -1e400", Quantity("-1e400")),
        Body("quantity fractional", Quantity("1.5")),
        Body("quantity as a string", Quantity("\"1\"")),
        Body("quantity NaN", Quantity("NaN")),
        Body("items an object", OrderRequests.Valid().ToJsonString().Replace("\"items\":[", "\"items\":{\"a\":", StringComparison.Ordinal).Replace("}],", "}},", StringComparison.Ordinal)),
        Body("payment a number", "{\"payment\": 1e400}"),
    ];

    private static readonly TestCaseData[] InvalidValues =
    [
        Value("negative quantity", body => body["items"]![0]!["quantity"] = -1),
        Value("int.MinValue quantity", body => body["items"]![0]!["quantity"] = int.MinValue),
        Value("int.MaxValue quantity", body => body["items"]![0]!["quantity"] = int.MaxValue),
        Value("items null", body => body["items"] = null),
        Value("payment null", body => body["payment"] = null),
        Value("address null", body => body["shippingAddress"] = null),
        Value("sku null", body => body["items"]![0]!["sku"] = null),
        Value("sku with SQL", body => body["items"]![0]!["sku"] = "SKU-0001'; DROP TABLE ordering.orders; --"),
        Value("name of 201 characters", body => body["shippingAddress"]!["name"] = new string('n', 201)),
        Value("country with a control character", body => body["shippingAddress"]!["country"] = "G\u0000"),
    ];

    [TestCaseSource(nameof(UnreadableBodies))]
    public async Task An_unreadable_body_is_400_problem_and_reserves_nothing(string content)
    {
        var customer = Customer();
        var held = await AllReservationsAsync();

        using var response = await customer.PostRawAsync("/orders", content);

        await AssertRefusedAsync(customer, response, HttpStatusCode.BadRequest, held);
    }

    [TestCaseSource(nameof(InvalidValues))]
    public async Task An_invalid_value_is_400_problem_and_reserves_nothing(Action<JsonObject> breakIt)
    {
        var customer = Customer();
        var held = await AllReservationsAsync();
        var body = OrderRequests.Valid(("SKU-0020", 1));
        breakIt(body);

        using var response = await customer.PlaceAsync(body);

        await AssertRefusedAsync(customer, response, HttpStatusCode.BadRequest, held);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase(null)]
    public async Task A_body_that_is_not_json_is_415_problem(string? mediaType)
    {
        var customer = Customer();
        var held = await AllReservationsAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(OrderRequests.Valid().ToJsonString()));
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);

        using var response = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = content });

        await AssertRefusedAsync(customer, response, HttpStatusCode.UnsupportedMediaType, held);
    }

    [Test]
    public async Task A_body_over_one_mebibyte_with_its_length_is_413_problem()
    {
        var customer = Customer();
        var held = await AllReservationsAsync();
        using var content = new ByteArrayContent(PaddedOrder(OneMebibyte + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = content });

        await AssertRefusedAsync(customer, response, HttpStatusCode.RequestEntityTooLarge, held);
    }

    [Test]
    public async Task A_chunked_body_without_a_length_over_one_mebibyte_is_413_problem()
    {
        var customer = Customer();
        var held = await AllReservationsAsync();
        using var content = new StreamContent(new UnknownLength(PaddedOrder(OneMebibyte + 1)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await customer.SendAsync(request);

        await AssertRefusedAsync(customer, response, HttpStatusCode.RequestEntityTooLarge, held);
    }

    [Test]
    public async Task Sql_and_script_in_free_text_are_stored_verbatim_and_never_answered_as_markup()
    {
        const string Sql = "Robert'); DROP TABLE ordering.orders; --";
        const string Script = "<script>alert(\"x\")</script>";
        var customer = Customer($"{Sql} {Script}");
        var body = OrderRequests.Valid(("SKU-0021", 1));
        body["shippingAddress"]!["name"] = Script;
        body["shippingAddress"]!["line1"] = Sql;
        body["shippingAddress"]!["city"] = "Zürich \\ \"quoted\" \u2028 ${jndi:ldap://x}";
        body["shippingAddress"]!["postalCode"] = "1' OR '1'='1";
        body["payment"]!["token"] = "tok_" + Script;
        var key = "k'; DELETE FROM ordering.idempotency_keys; --<b>";

        using var response = await customer.PlaceAsync(body, key);

        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), raw);
        var order = await CustomerClient.ReadOrderAsync(response);
        Assert.That(raw, Does.Not.Contain("<"), "nothing in the answer is unescaped markup");

        Assert.That(await Eventually.Holds(() => Saga.Submitted(order.OrderId) is not null), Is.True, "OrderSubmitted arrives");
        var submitted = Saga.Submitted(order.OrderId)!;
        var stored = await ScalarAsync<string>(
            "SELECT key FROM ordering.idempotency_keys WHERE customer_id = @customer AND order_id = @order",
            ("customer", customer.CustomerId), ("order", order.OrderId));
        var owner = await ScalarAsync<string>("SELECT customer_id FROM ordering.orders WHERE id = @order", ("order", order.OrderId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Is.EqualTo(key));
            Assert.That(owner, Is.EqualTo(customer.CustomerId));
            Assert.That(submitted.ShippingAddress.Name, Is.EqualTo(Script));
            Assert.That(submitted.ShippingAddress.Line1, Is.EqualTo(Sql));
            Assert.That(submitted.ShippingAddress.City, Is.EqualTo(body["shippingAddress"]!["city"]!.GetValue<string>()));
            Assert.That(submitted.ShippingAddress.PostalCode, Is.EqualTo("1' OR '1'='1"));
            Assert.That(submitted.PaymentToken, Is.EqualTo("tok_" + Script));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM ordering.orders"), Is.GreaterThan(0), "the tables are still there");
        }
    }

    private static TestCaseData Body(string what, string content) => new TestCaseData(content).SetArgDisplayNames(what);

    private static TestCaseData Value(string what, Action<JsonObject> breakIt) => new TestCaseData(breakIt).SetArgDisplayNames(what);

    private static string Quantity(string literal) =>
        OrderRequests.Valid(("SKU-0020", 7)).ToJsonString().Replace("\"quantity\":7", $"\"quantity\":{literal}", StringComparison.Ordinal);

    private static byte[] PaddedOrder(int size)
    {
        var body = OrderRequests.Valid(("SKU-0020", 1));
        var skeleton = body.ToJsonString().Length;
        body["shippingAddress"]!["name"] = new string('x', size - skeleton - 2);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private async Task AssertRefusedAsync(CustomerClient customer, HttpResponseMessage response, HttpStatusCode expected, long heldBefore)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), raw);
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo((int)expected), raw);
            Assert.That(problem["type"]?.GetValue<string>(), Does.StartWith("https://orders.example.com/problems/"), raw);
            Assert.That(problem["detail"] ?? problem["errors"], Is.Not.Null, $"the problem says what is wrong: {raw}");
            Assert.That(raw, Does.Not.Contain("   at ").And.Not.Contain("Orders.Api"), "no stack trace, no type names of ours");
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero, "no order stored");
            Assert.That(await AllReservationsAsync(), Is.EqualTo(heldBefore), "no reservation made in Inventory");
        }
    }

    private Task<long> AllReservationsAsync() => ScalarAsync<long>("SELECT count(*) FROM inventory.reservations");

    /// <summary>A body whose length the client does not know in advance, so it goes chunked, without Content-Length.</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
