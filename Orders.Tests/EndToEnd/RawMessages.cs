using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Testing;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// Bytes put straight into a queue of the test's virtual host, and what lies in a queue, through RabbitMQ's management
/// API: what a broken or hostile producer could send, whatever our own senders would never write.
/// </summary>
public static class RawMessages
{
    public const string MassTransitJson = "application/vnd.masstransit+json";

    /// <summary>A MassTransit envelope around <paramref name="message"/>, claiming to be of <paramref name="messageType"/>.</summary>
    public static string Envelope(Guid messageId, string messageType, JsonNode message) => new JsonObject
    {
        ["messageId"] = messageId,
        ["messageType"] = new JsonArray($"urn:message:Orders.Contracts:{messageType}"),
        ["message"] = message,
        ["sentTime"] = DateTime.UtcNow,
        ["headers"] = new JsonObject(),
    }.ToJsonString();

    /// <summary>Publishes <paramref name="payload"/> through the default exchange, so it lands in <paramref name="queue"/> as it is.</summary>
    public static async Task SendAsync(TestVirtualHost virtualHost, string queue, string payload, Guid messageId, string contentType = MassTransitJson)
    {
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["message_id"] = messageId.ToString(),
                ["content_type"] = contentType,
                ["delivery_mode"] = 2,
            },
            ["routing_key"] = queue,
            ["payload"] = payload,
            ["payload_encoding"] = "string",
        };
        using var response = await virtualHost.Management.PostAsJsonAsync(
            $"api/exchanges/{Uri.EscapeDataString(virtualHost.Name)}/amq.default/publish", body);
        response.EnsureSuccessStatusCode();
        var routed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["routed"]!.GetValue<bool>();
        Assert.That(routed, Is.True, $"queue {queue} exists and took the message");
    }

    /// <summary>The messages in <paramref name="queue"/> (left there: they are read and put back), with their properties.</summary>
    public static async Task<IReadOnlyList<JsonObject>> PeekAsync(TestVirtualHost virtualHost, string queue)
    {
        var request = new { count = 1000, ackmode = "ack_requeue_true", encoding = "auto", truncate = 10_000 };
        using var response = await virtualHost.Management.PostAsJsonAsync(
            $"api/queues/{Uri.EscapeDataString(virtualHost.Name)}/{Uri.EscapeDataString(queue)}/get", request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var messages = JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new JsonDocumentOptions())!.AsArray();
        return [.. messages.Select(message => message!.AsObject())];
    }
}
