using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Testing;

namespace Orders.Tests.EndToEnd;

/// <summary>Order requests and answers as JSON, the way any client of the REST API writes and reads them.</summary>
public static class OrderRequests
{
    public static JsonObject Order(string sku, int quantity = 1, string paymentToken = "tok_visa", string country = "GB") => new()
    {
        ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = quantity }),
        ["payment"] = new JsonObject { ["token"] = paymentToken },
        ["shippingAddress"] = new JsonObject
        {
            ["name"] = "Ada Lovelace",
            ["line1"] = "12 Analytical St",
            ["city"] = "London",
            ["postalCode"] = "N1 9GU",
            ["country"] = country,
        },
    };

    public static async Task<HttpResponseMessage> PlaceAsync(this OrdersClient client, JsonObject order, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(order) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.Http.SendAsync(request);
    }

    /// <summary>Places an order that must be accepted, and returns its id.</summary>
    public static async Task<Guid> PlaceAcceptedAsync(this OrdersClient client, JsonObject order)
    {
        using var response = await client.PlaceAsync(order);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
        return JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>();
    }

    public static async Task<JsonNode?> GetAsync(this OrdersClient client, Guid orderId)
    {
        using var response = await client.Http.GetAsync($"/orders/{orderId}");
        return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    /// <summary>Polls the order until it reaches a final status (or the deadline), and returns it as last seen.</summary>
    public static Task<JsonNode> FinalAsync(this OrdersClient client, Guid orderId, TimeSpan? timeout = null) =>
        client.ReachingAsync(orderId, status => status is "Completed" or "Cancelled", "a final status", timeout);

    public static Task<JsonNode> StatusAsync(this OrdersClient client, Guid orderId, string status, TimeSpan? timeout = null) =>
        client.ReachingAsync(orderId, seen => seen == status, status, timeout);

    private static async Task<JsonNode> ReachingAsync(
        this OrdersClient client, Guid orderId, Func<string?, bool> reached, string what, TimeSpan? timeout)
    {
        var order = await Eventually.Until(
            () => client.GetAsync(orderId), seen => reached(seen?["status"]?.GetValue<string>()), timeout ?? TimeSpan.FromSeconds(45));
        if (!reached(order?["status"]?.GetValue<string>()))
        {
            Assert.Fail($"order {orderId} did not reach {what}; last seen: {order?.ToJsonString() ?? "nothing"}");
        }

        return order!;
    }

    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!;
}
