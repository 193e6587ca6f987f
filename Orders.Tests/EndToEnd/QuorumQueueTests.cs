using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orders.Contracts;
using Orders.Testing;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// With <c>Messaging__QueueType=quorum</c> every queue the Api and Workers declare is a replicated quorum queue with a
/// delivery limit, as the management API reports them; the request client's private response queue stays temporary.
/// </summary>
public sealed class QuorumQueueTests : RunningSystem
{
    private const int DeliveryLimit = 7;

    private static readonly string[] EndpointQueues =
        [Endpoints.OrderSaga, Endpoints.Payments, Endpoints.Shipping, Endpoints.Stock];

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Messaging__QueueType"] = "quorum",
        ["Messaging__DeliveryLimit"] = DeliveryLimit.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task Every_durable_queue_is_a_quorum_queue_with_the_delivery_limit_and_orders_still_complete()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(Sku(1)));
        var order = await Alice.FinalAsync(id);
        Assert.That(order["status"]!.GetValue<string>(), Is.EqualTo("Completed"));

        // The saga answers a cancel through the Api's request client, whose responses come back on its temporary queue.
        using (var cancel = await Alice.Http.PostAsync(new Uri($"/orders/{id}/cancel", UriKind.Relative), null))
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await cancel.Content.ReadAsStringAsync());
        }

        // A message of a type nobody consumes and one that cannot be read are both faults (poison messages go to the
        // error queue, not to _skipped): the endpoints then use their _error queues as in production, which must agree
        // with the quorum arguments.
        await PublishRawAsync(Endpoints.Payments, """{"messageType":["urn:message:Nobody:ConsumesThis"],"message":{}}""");
        await PublishRawAsync(Endpoints.Shipping, "this is not JSON");
        Assert.That(await Eventually.Holds(async () => (await VirtualHost.GetQueueAsync($"{Endpoints.Payments}_error"))?.Messages == 1
            && (await VirtualHost.GetQueueAsync($"{Endpoints.Shipping}_error"))?.Messages == 1), Is.True,
            "the unconsumable and the unreadable message reached their quorum error queues");

        var queues = await QueuesAsync();
        var durable = queues.Where(queue => queue["durable"]!.GetValue<bool>()).ToList();
        var names = durable.Select(Name).ToList();
        Assert.That(names, Is.SupersetOf(EndpointQueues.Concat(EndpointQueues.Select(queue => queue + "_error"))));
        using (Assert.EnterMultipleScope())
        {
            foreach (var queue in durable)
            {
                Assert.That(queue["type"]!.GetValue<string>(), Is.EqualTo("quorum"), Name(queue));
                Assert.That(queue["arguments"]!["x-queue-type"]!.GetValue<string>(), Is.EqualTo("quorum"), Name(queue));
                Assert.That(queue["arguments"]!["x-delivery-limit"]!.GetValue<int>(), Is.EqualTo(DeliveryLimit), Name(queue));
            }

            foreach (var queue in EndpointQueues.Select(name => durable.Single(queue => Name(queue) == name)))
            {
                Assert.That(queue["arguments"]!["x-dead-letter-exchange"]!.GetValue<string>(), Is.EqualTo(Name(queue) + "_error"),
                    "a message past the delivery limit goes to the error queue instead of being dropped");
            }

            // A bus's own queue (request client responses, when it has one) belongs to one process.
            foreach (var queue in queues.Except(durable))
            {
                Assert.That(queue["auto_delete"]!.GetValue<bool>(), Is.True, Name(queue));
                Assert.That(queue["type"]!.GetValue<string>(), Is.EqualTo("classic"), Name(queue));
            }
        }
    }

    private static string Name(JsonNode queue) => queue["name"]!.GetValue<string>();

    private async Task<List<JsonNode>> QueuesAsync()
    {
        var queues = await VirtualHost.Management.GetFromJsonAsync<JsonArray>($"api/queues/{Uri.EscapeDataString(VirtualHost.Name)}");
        return queues!.Select(queue => queue!).ToList();
    }

    private async Task PublishRawAsync(string exchange, string body)
    {
        var message = new JsonObject
        {
            ["properties"] = new JsonObject { ["content_type"] = "application/vnd.masstransit+json", ["delivery_mode"] = 2 },
            ["routing_key"] = "",
            ["payload"] = body,
            ["payload_encoding"] = "string",
        };
        using var response = await VirtualHost.Management.PostAsJsonAsync(
            $"api/exchanges/{Uri.EscapeDataString(VirtualHost.Name)}/{Uri.EscapeDataString(exchange)}/publish", message);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(answer?["routed"]?.GetValue<bool>(), Is.True, $"the message to {exchange} was routed to a queue");
    }
}
