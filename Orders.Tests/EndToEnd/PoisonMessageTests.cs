using System.Text.Json.Nodes;
using Orders.Contracts;
using Orders.Testing;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// A message that can never be handled (not JSON, a type nobody consumes, a known type with an invalid body) goes to
/// its queue's <c>_error</c> queue at once, with the reason in its headers, and the orders sent behind it complete.
/// </summary>
public sealed class PoisonMessageTests : RunningSystem
{
    /// <summary>Every queue the Api and the Workers consume, with a message of its own type, valid but for its order id.</summary>
    private static readonly (string Queue, string Type, Func<JsonObject> Body)[] Consumed =
    [
        (Endpoints.OrderSaga, nameof(OrderSubmitted), () => new JsonObject
        {
            ["customerId"] = "mallory",
            ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-0001", ["quantity"] = 1, ["unitPrice"] = 1.00m }),
            ["total"] = 1.00m,
            ["currency"] = "EUR",
            ["paymentToken"] = "tok_visa",
            ["shippingAddress"] = Address(),
            ["submittedAt"] = DateTime.UtcNow,
        }),
        (Endpoints.Payments, nameof(ProcessPayment), () => new JsonObject { ["amount"] = 10.00m, ["currency"] = "EUR", ["paymentToken"] = "tok_visa" }),
        (Endpoints.Shipping, nameof(ShipOrder), () => new JsonObject
        {
            ["shippingAddress"] = Address(),
            ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-0001", ["quantity"] = 1, ["unitPrice"] = 1.00m }),
        }),
        (Endpoints.Stock, nameof(CommitStock), () => new JsonObject()),
    ];

    [Test]
    public async Task Malformed_messages_land_in_each_queues_error_queue_with_the_reason_and_orders_behind_them_complete()
    {
        var poisons = new List<(string Queue, string What, Guid MessageId)>();
        foreach (var (queue, type, body) in Consumed)
        {
            foreach (var (what, payload) in Poisons(type, body))
            {
                var messageId = Guid.NewGuid();
                await RawMessages.SendAsync(VirtualHost, queue, payload(messageId), messageId);
                poisons.Add((queue, what, messageId));
            }
        }

        // Behind the poison: a completed order (saga, payments, shipping, stock), a declined one (stock release)
        // and an undeliverable one (refund).
        var completed = await Alice.PlaceAcceptedAsync(Order(Sku(1)));
        var declined = await Alice.PlaceAcceptedAsync(Order(Sku(2), paymentToken: "tok_declined"));
        var undeliverable = await Alice.PlaceAcceptedAsync(Order(Sku(3), country: "ZZ"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await Alice.FinalAsync(completed))["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
            Assert.That((await Alice.FinalAsync(declined))["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
            Assert.That((await Alice.FinalAsync(undeliverable))["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
        }

        // Every queue is looked at before any assertion fails, so that one run shows every queue that lets poison through.
        var seen = new Dictionary<string, IReadOnlyList<JsonObject>>();
        foreach (var queue in Consumed.Select(consumed => consumed.Queue))
        {
            var count = poisons.Count(poison => poison.Queue == queue);
            seen[queue] = await Eventually.Until(
                () => RawMessages.PeekAsync(VirtualHost, $"{queue}_error"), found => found.Count >= count, TimeSpan.FromSeconds(30));
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (queue, what, messageId) in poisons)
            {
                var error = seen[queue].SingleOrDefault(message => message["properties"]?["message_id"]?.GetValue<string>() == messageId.ToString());
                Assert.That(error, Is.Not.Null, $"{what} sent to {queue} is in {queue}_error");
                var headers = error?["properties"]?["headers"]?.AsObject();
                Assert.That(headers?["MT-Reason"]?.GetValue<string>(), Is.EqualTo("fault"), $"{what} on {queue}: {headers?.ToJsonString()}");
                Assert.That(headers?["MT-Fault-ExceptionType"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{what} on {queue}");
                Assert.That(headers?["MT-Fault-Message"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{what} on {queue}");
            }

            foreach (var queue in Consumed.Select(consumed => consumed.Queue))
            {
                Assert.That(seen[queue], Has.Count.EqualTo(poisons.Count(poison => poison.Queue == queue)), $"{queue}_error holds each poison message once");
                Assert.That(await RawMessages.PeekAsync(VirtualHost, $"{queue}_skipped"), Is.Empty, $"nothing sent to {queue} is silently skipped");
                var depth = await Eventually.Until(() => VirtualHost.GetQueueAsync(queue), found => found is { Messages: 0 });
                Assert.That(depth?.Messages, Is.Zero, $"{queue} is not stuck redelivering");
            }
        }
    }

    private static IEnumerable<(string What, Func<Guid, string> Payload)> Poisons(string type, Func<JsonObject> body)
    {
        yield return ("not JSON", _ => "this is {not JSON");
        yield return ("a type nobody consumes", id => RawMessages.Envelope(id, "NoSuchMessage", new JsonObject { ["orderId"] = Guid.NewGuid() }));
        yield return ($"{type} without an order id", id => RawMessages.Envelope(id, type, body()));
        yield return ($"{type} with an order id that is no uuid", id => RawMessages.Envelope(id, type, WithOrderId(body(), "not-a-uuid")));
    }

    private static JsonObject WithOrderId(JsonObject message, string orderId)
    {
        message["orderId"] = orderId;
        return message;
    }

    private static JsonObject Address() => new()
    {
        ["name"] = "Mallory",
        ["line1"] = "1 Poison Row",
        ["city"] = "London",
        ["postalCode"] = "N1",
        ["country"] = "GB",
    };
}
