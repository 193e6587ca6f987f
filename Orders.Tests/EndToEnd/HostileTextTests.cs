using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// Free text carrying SQL and script travels through the whole system as data: the order completes, and the saga's row
/// in PostgreSQL holds each text exactly as the client wrote it.
/// </summary>
public sealed class HostileTextTests : RunningSystem
{
    [Test]
    public async Task Sql_and_script_in_every_free_text_field_are_stored_verbatim_by_the_saga_and_the_order_completes()
    {
        var address = new Dictionary<string, string>
        {
            ["name"] = "<script>alert('x')</script>",
            ["line1"] = "Robert'); DROP TABLE workflow.order_states; --",
            ["city"] = "Zürich \\ \"quoted\" \u2028 ${jndi:ldap://x}",
            ["postalCode"] = "1' OR '1'='1",
        };
        const string Token = "tok_'; DELETE FROM payments.payments; --<b>";
        var order = Order(Sku(1), paymentToken: Token);
        foreach (var (field, text) in address)
        {
            order["shippingAddress"]![field] = text;
        }

        using var response = await Alice.PlaceAsync(order);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), raw);
        var id = JsonNode.Parse(raw)!["orderId"]!.GetValue<Guid>();
        var final = await Alice.FinalAsync(id);

        var (storedAddress, storedToken) = await SagaRowAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(final["status"]!.GetValue<string>(), Is.EqualTo("Completed"), "the text was data, never code");
            Assert.That(storedToken, Is.EqualTo(Token));
            foreach (var (field, text) in address)
            {
                Assert.That(storedAddress[field]?.GetValue<string>(), Is.EqualTo(text), field);
            }

            Assert.That(await Payments.ChargesOfAsync(Database, id), Is.EqualTo(1), "payments.payments is still there and charged once");
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
