using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orders.Cli.Rest;

/// <summary>
/// The REST API as one customer sees it. An answer other than the one expected becomes an
/// <see cref="HttpRequestException"/> carrying the status code and the problem's title and detail.
/// </summary>
public sealed class OrdersClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public OrdersClient(Uri api, string token)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Whether the API answers its readiness check (its database, the bus and Inventory).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The status code of the smallest authenticated read: 200 when the API accepts the token.</summary>
    public async Task<HttpStatusCode> CheckTokenAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("/orders?limit=1", UriKind.Relative), cancellationToken);
        return response.StatusCode;
    }

    public async Task<Order> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(order.ToJson()),
        };
        // A fresh key per order: a retried request must not place a second one.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await _http.SendAsync(request, cancellationToken);
        return await OrderFromAsync(response, "POST /orders", cancellationToken);
    }

    public async Task<Order> GetAsync(Guid orderId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"/orders/{orderId}", UriKind.Relative), cancellationToken);
        return await OrderFromAsync(response, $"GET /orders/{orderId}", cancellationToken);
    }

    public async Task<Order> CancelAsync(Guid orderId, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri($"/orders/{orderId}/cancel", UriKind.Relative), null, cancellationToken);
        return await OrderFromAsync(response, $"POST /orders/{orderId}/cancel", cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<Order> OrderFromAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{request} answered {(int)response.StatusCode} {Problem(body)}".TrimEnd(), null, response.StatusCode);
        }

        return JsonSerializer.Deserialize<Order>(body, Json)
            ?? throw new HttpRequestException($"{request} answered {(int)response.StatusCode} without an order");
    }

    /// <summary>The title and detail of a problem+json body, or nothing when the body is not one.</summary>
    private static string Problem(string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            return string.Join(": ", new[] { problem?["title"], problem?["detail"] }.OfType<JsonNode>().Select(x => x.ToString()));
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
