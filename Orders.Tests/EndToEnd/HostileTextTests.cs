using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// Free text carrying SQL and script travels through the whole system as data: the order completes, the saga's row
/// in PostgreSQL holds each text exactly as the client wrote it, and the API returns it exactly, JSON-escaped so that
/// no byte of it reads as markup.
/// </summary>
public sealed class HostileTextTests : RunningSystem
{
    private const string Token = "tok_'; DELETE FROM payments.payments; --<b>";

    private static readonly Dictionary<string, string> Address = new()
    {
        ["name"] = "<script>alert('x')</script>",
        ["line1"] = "Robert'); DROP TABLE workflow.order_states; --",
        ["city"] = "Zürich \\ \"quoted\" \u2028 ${jndi:ldap://x}",
        ["postalCode"] = "1' OR '1'='1",
    };

    [Test]
    public async Task Sql_and_script_in_every_free_text_field_are_stored_verbatim_by_the_saga_and_the_order_completes()
    {
        using var response = await Alice.PlaceAsync(HostileOrder(Sku(1)));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), raw);
        var id = JsonNode.Parse(raw)!["orderId"]!.GetValue<Guid>();
        var final = await Alice.FinalAsync(id);

        var (storedAddress, storedToken) = await SagaRowAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(final["status"]!.GetValue<string>(), Is.EqualTo("Completed"), "the text was data, never code");
            Assert.That(storedToken, Is.EqualTo(Token));
            foreach (var (field, text) in Address)
            {
                Assert.That(storedAddress[field]?.GetValue<string>(), Is.EqualTo(text), field);
            }

            Assert.That(await Payments.ChargesOfAsync(Database.ConnectionString, id), Is.EqualTo(1), "payments.payments is still there and charged once");
        }

        using var fetched = await Alice.Http.GetAsync($"/orders/{id}");
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertHostileAddressEscaped(await fetched.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_replayed_request_answers_with_the_same_hostile_address_escaped()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await Alice.PlaceAsync(HostileOrder(Sku(2)), key);
        using var replay = await Alice.PlaceAsync(HostileOrder(Sku(2)), key);

        var firstRaw = await first.Content.ReadAsStringAsync();
        var replayRaw = await replay.Content.ReadAsStringAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), firstRaw);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), replayRaw);
        Assert.That(JsonNode.Parse(replayRaw)!["orderId"]!.GetValue<Guid>(), Is.EqualTo(JsonNode.Parse(firstRaw)!["orderId"]!.GetValue<Guid>()));
        AssertHostileAddressEscaped(firstRaw);
        AssertHostileAddressEscaped(replayRaw);
    }

    private static JsonObject HostileOrder(string sku)
    {
        var order = Order(sku, paymentToken: Token);
        foreach (var (field, text) in Address)
        {
            order["shippingAddress"]![field] = text;
        }

        return order;
    }

    /// <summary>
    /// The body gives back each text exactly once parsed, yet its raw bytes hold no markup: the API's encoder writes
    /// &lt;, &gt; and ' as \uXXXX. The payment token is never in it.
    /// </summary>
    private static void AssertHostileAddressEscaped(string raw)
    {
        var address = JsonNode.Parse(raw)!["shippingAddress"];
        Assert.That(address, Is.Not.Null, raw);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (field, text) in Address)
            {
                Assert.That(address![field]?.GetValue<string>(), Is.EqualTo(text), field);
            }

            Assert.That(address!["country"]?.GetValue<string>(), Is.EqualTo("GB"));
            Assert.That(raw, Does.Not.Contain("<script>").IgnoreCase);
            Assert.That(raw, Does.Not.Contain("<").And.Not.Contain(">").And.Not.Contain("'"));
            Assert.That(raw, Does.Not.Contain("\u2028"));
            Assert.That(raw, Does.Contain(@"\u003Cscript\u003E").IgnoreCase);
            Assert.That(raw, Does.Contain(@"Robert\u0027);").IgnoreCase);
            Assert.That(raw, Does.Not.Contain("tok_").And.Not.Contain("DELETE FROM"), "the payment token is never returned");
        }
    }

    private async Task<(JsonObject Address, string Token)> SagaRowAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT shipping_address::text, payment_token FROM workflow.order_states WHERE order_id = @order", connection);
        command.Parameters.AddWithValue("order", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "the saga stored the order");
        return (JsonNode.Parse(reader.GetString(0))!.AsObject(), reader.GetString(1));
    }
}
