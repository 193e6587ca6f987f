using System.Net;
using System.Text.Json.Nodes;
using Orders.Api.Tests.Support;

namespace Orders.Api.Tests.Orders;

public sealed class ValidationTests : ApiFixture
{
    private static readonly TestCaseData[] InvalidBodies =
    [
        Case("items", "missing", body => body.Remove("items")),
        Case("items", "empty", body => body["items"] = new JsonArray()),
        Case("items", "51 lines", body => body["items"] = new JsonArray([.. Enumerable.Range(1, 51).Select(i => (JsonNode)Line($"SKU-{i:0000}", 1))])),
        Case("items[0]", "null line", body => body["items"]![0] = null),
        Case("items[0].quantity", "quantity 0", body => body["items"]![0]!["quantity"] = 0),
        Case("items[0].quantity", "quantity 1001", body => body["items"]![0]!["quantity"] = 1001),
        Case("items[0].quantity", "quantity missing", body => body["items"]![0]!.AsObject().Remove("quantity")),
        Case("items[0].sku", "lowercase", body => body["items"]![0]!["sku"] = "sku-0001"),
        Case("items[0].sku", "space", body => body["items"]![0]!["sku"] = "SKU 1"),
        Case("items[0].sku", "sku missing", body => body["items"]![0]!.AsObject().Remove("sku")),
        Case("items[1].sku", "duplicate sku", body => body["items"] = new JsonArray(Line("SKU-0001", 1), Line("SKU-0001", 2))),
        Case("payment", "payment missing", body => body.Remove("payment")),
        Case("payment.token", "token blank", body => body["payment"]!["token"] = " "),
        Case("payment.token", "token missing", body => body["payment"]!.AsObject().Remove("token")),
        Case("shippingAddress", "address missing", body => body.Remove("shippingAddress")),
        Case("shippingAddress.name", "name empty", body => body["shippingAddress"]!["name"] = ""),
        Case("shippingAddress.line1", "line1 missing", body => body["shippingAddress"]!.AsObject().Remove("line1")),
        Case("shippingAddress.city", "city null", body => body["shippingAddress"]!["city"] = null),
        Case("shippingAddress.postalCode", "postal code blank", body => body["shippingAddress"]!["postalCode"] = "  "),
        Case("shippingAddress.country", "lowercase country", body => body["shippingAddress"]!["country"] = "gb"),
        Case("shippingAddress.country", "3-letter country", body => body["shippingAddress"]!["country"] = "GBR"),
        Case("shippingAddress.country", "country missing", body => body["shippingAddress"]!.AsObject().Remove("country")),
    ];

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task An_invalid_body_is_400_naming_the_field_and_stores_nothing(string field, Action<JsonObject> breakIt)
    {
        var customer = Customer();
        var body = OrderRequests.Valid();
        breakIt(body);

        using var response = await customer.PlaceAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(problem["errors"]!.AsObject().Select(error => error.Key), Does.Contain(field), problem.ToJsonString());
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero);
        }
    }

    [Test]
    public async Task Every_invalid_field_is_named_at_once()
    {
        var body = OrderRequests.Valid();
        body["items"]![0]!["quantity"] = 0;
        body["shippingAddress"]!["country"] = "G";
        body["payment"]!["token"] = "";

        using var response = await Customer().PlaceAsync(body);

        var problem = await CustomerClient.ReadProblemAsync(response);
        Assert.That(
            problem["errors"]!.AsObject().Select(error => error.Key),
            Is.EquivalentTo(new List<string> { "items[0].quantity", "shippingAddress.country", "payment.token" }));
    }

    [Test]
    public async Task An_idempotency_key_longer_than_64_characters_is_400()
    {
        using var response = await Customer().PlaceAsync(OrderRequests.Valid(), new string('k', 65));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await CustomerClient.ReadProblemAsync(response);
        Assert.That(problem["errors"]!.AsObject().Select(error => error.Key), Does.Contain("Idempotency-Key"));
    }

    [TestCase("{\"items\": [", TestName = "Malformed_json_is_400_problem")]
    [TestCase("{\"items\": [{\"sku\": \"SKU-0001\", \"quantity\": \"two\"}]}", TestName = "A_value_of_the_wrong_type_is_400_problem")]
    [TestCase("", TestName = "An_empty_body_is_400_problem")]
    [TestCase("[1, 2]", TestName = "A_body_that_is_not_an_object_is_400_problem")]
    public async Task An_unreadable_body_is_400_problem_without_internals(string content)
    {
        var customer = Customer();

        using var response = await customer.PostRawAsync("/orders", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(problem["detail"]?.GetValue<string>(), Is.Not.Null.And.Not.Contains("   at "), "no stack trace");
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero);
        }
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_named_by_its_path()
    {
        using var response = await Customer().PostRawAsync("/orders", "{\"items\": [{\"sku\": \"SKU-0001\", \"quantity\": \"two\"}]}");

        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["errors"]!.AsObject().Select(error => error.Key), Is.EqualTo((string[])["items[0].quantity"]));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Not.Contain("Orders.Api"), "no type names of ours");
        }
    }

    [Test]
    public async Task A_body_beyond_the_size_limit_is_413_problem()
    {
        var body = OrderRequests.Valid();
        body["shippingAddress"]!["name"] = new string('x', (int)OrdersApiExtensions.MaxRequestBodyBytes);

        using var response = await Customer().PlaceAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        await CustomerClient.ReadProblemAsync(response);
    }

    private static TestCaseData Case(string field, string what, Action<JsonObject> breakIt) =>
        new TestCaseData(field, breakIt).SetArgDisplayNames(field, what);

    private static JsonObject Line(string sku, int quantity) => new() { ["sku"] = sku, ["quantity"] = quantity };
}
