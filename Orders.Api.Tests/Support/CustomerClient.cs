using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Api.Auth;

namespace Orders.Api.Tests.Support;

/// <summary>One customer talking to the API over HTTP with a bearer token whose <c>sub</c> is the customer id.</summary>
public sealed class CustomerClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public CustomerClient(HttpClient http, string customerId)
    {
        _http = http;
        CustomerId = customerId;
        Token = MintToken(customerId);
    }

    public string CustomerId { get; }

    public string Token { get; set; }

    public static string MintToken(string customerId, string signingKey = ApiHost.SigningKey, string audience = "orders-api", TimeSpan? lifetime = null, DateTime? notBefore = null) =>
        AccessTokens.Create(
            new AuthOptions { SigningKey = signingKey, Issuer = "orders-dev", Audience = audience },
            customerId,
            notBefore ?? DateTime.UtcNow.AddSeconds(-5),
            lifetime ?? TimeSpan.FromHours(1));

    public Task<HttpResponseMessage> PlaceAsync(JsonNode body, string? idempotencyKey = null) =>
        PostRawAsync("/orders", body.ToJsonString(), idempotencyKey);

    public Task<HttpResponseMessage> PostRawAsync(string path, string content, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(content, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> CancelAsync(Guid orderId) => SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/orders/{orderId}/cancel"));

    /// <summary>Places an order that must be accepted, and returns it.</summary>
    public async Task<OrderView> PlaceAcceptedAsync(JsonNode body, string? idempotencyKey = null)
    {
        using var response = await PlaceAsync(body, idempotencyKey);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new AssertionException($"Expected 202, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await ReadOrderAsync(response);
    }

    public async Task<OrderView> GetOrderAsync(Guid orderId)
    {
        using var response = await GetAsync($"/orders/{orderId}");
        response.EnsureSuccessStatusCode();
        return await ReadOrderAsync(response);
    }

    public static async Task<OrderView> ReadOrderAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<OrderView>(Json))!;

    public static async Task<JsonObject> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), await response.Content.ReadAsStringAsync());
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return _http.SendAsync(request);
    }
}
