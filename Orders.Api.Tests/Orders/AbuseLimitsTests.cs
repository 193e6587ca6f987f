using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orders.Api.Limits;
using Orders.Api.Tests.Support;
using Orders.ServiceDefaults;
using Orders.Testing;

namespace Orders.Api.Tests.Orders;

/// <summary>
/// What keeps one client from exhausting the API: a per-customer order rate that a correct retry never runs into, header
/// timeouts, and safe headers.
/// </summary>
public sealed class AbuseLimitsTests : ApiFixture
{
    private const int PermitLimit = 2;

    protected override IReadOnlyDictionary<string, string?> ApiSettings { get; } = new Dictionary<string, string?>
    {
        ["RateLimiting:PlaceOrder:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // No token comes back while the class runs: an empty bucket stays empty.
        ["RateLimiting:PlaceOrder:TokensPerPeriod"] = "1",
        ["RateLimiting:PlaceOrder:ReplenishmentPeriod"] = "01:00:00",
        ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:02",
    };

    [Test]
    public async Task A_customer_past_the_order_rate_gets_429_with_Retry_After_and_places_nothing()
    {
        var ada = Customer();
        for (var i = 0; i < PermitLimit; i++)
        {
            await ada.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0021", 1)));
        }

        using var refused = await ada.PlaceAsync(OrderRequests.Valid(("SKU-0021", 1)));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That((await CustomerClient.ReadProblemAsync(refused))["type"]!.GetValue<string>(), Does.EndWith("too-many-requests"));
            Assert.That(await OrdersOfAsync(ada.CustomerId), Is.EqualTo(PermitLimit));
        }
    }

    [Test]
    public async Task One_customers_limit_is_not_another_customers()
    {
        var bursty = Customer();
        for (var i = 0; i <= PermitLimit; i++)
        {
            using var _ = await bursty.PlaceAsync(OrderRequests.Valid(("SKU-0022", 1)));
        }

        var calm = Customer();
        var order = await calm.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0022", 1)));

        Assert.That(order.OrderId, Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public async Task A_replay_with_the_bucket_empty_answers_as_before()
    {
        var ada = Customer();
        var key = Guid.NewGuid().ToString();
        var first = await ada.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0023", 1)), key);
        for (var i = 1; i < PermitLimit; i++)
        {
            await ada.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0023", 1)));
        }

        using (var refused = await ada.PlaceAsync(OrderRequests.Valid(("SKU-0023", 1))))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the bucket is empty");
        }

        using var replay = await ada.PlaceAsync(OrderRequests.Valid(("SKU-0023", 1)), key);

        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await CustomerClient.ReadOrderAsync(replay)).OrderId, Is.EqualTo(first.OrderId));
            Assert.That(await OrdersOfAsync(ada.CustomerId), Is.EqualTo(PermitLimit));
        }
    }

    [Test]
    public async Task Concurrent_retries_of_one_key_take_one_token_whether_they_find_the_order_or_wait_for_it()
    {
        const int Retries = 16;
        var ada = Customer();
        var key = Guid.NewGuid().ToString();

        var statuses = await Task.WhenAll(Enumerable.Range(0, Retries).Select(async _ =>
        {
            using var response = await ada.PlaceAsync(OrderRequests.Valid(("SKU-0024", 1)), key);
            return response.StatusCode;
        }));

        Assert.That(statuses, Has.All.AnyOf(HttpStatusCode.Accepted, HttpStatusCode.OK));
        for (var i = 1; i < PermitLimit; i++)
        {
            await ada.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0024", 1)));
        }

        using var refused = await ada.PlaceAsync(OrderRequests.Valid(("SKU-0024", 1)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the bucket held exactly the rest");
            Assert.That(await OrdersOfAsync(ada.CustomerId), Is.EqualTo(PermitLimit));
        }
    }

    [Test]
    public async Task At_the_default_order_rate_64_concurrent_retries_of_one_key_make_one_order_and_no_429()
    {
        const int Retries = 64;
        var shipped = await StartApiAsync(new Dictionary<string, string?> { ["RateLimiting:PlaceOrder:PermitLimit"] = null });
        var burst = shipped.Services.GetRequiredService<IOptions<PlaceOrderRateLimitOptions>>().Value.PermitLimit;
        Assert.That(burst, Is.LessThan(Retries), "charging every retry would run the default bucket dry");
        var customer = Customer(host: shipped);
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, Retries).Select(async _ =>
        {
            using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0024", 2)), key);
            var order = response.IsSuccessStatusCode ? await CustomerClient.ReadOrderAsync(response) : null;
            return (response.StatusCode, OrderId: order?.OrderId);
        }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(answer => answer.StatusCode), Has.None.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(answers.Select(answer => answer.StatusCode), Has.All.AnyOf(HttpStatusCode.Accepted, HttpStatusCode.OK));
            Assert.That(answers.Count(answer => answer.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1), "one request created the order");
            Assert.That(answers.Select(answer => answer.OrderId).Distinct().Count(), Is.EqualTo(1), "every answer is that order");
            Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Reading_orders_is_not_limited_by_the_order_rate()
    {
        var reader = Customer();
        for (var i = 0; i < PermitLimit * 3; i++)
        {
            using var response = await reader.GetAsync("/orders");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Every_answer_carries_the_security_headers_and_plain_HTTP_no_HSTS()
    {
        using var anonymous = await Api.Http.GetAsync(new Uri("/orders", UriKind.Relative));
        using var health = await Api.Http.GetAsync(new Uri("/health/live", UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            foreach (var response in new[] { anonymous, health })
            {
                Assert.That(string.Join(',', response.Headers.GetValues("X-Content-Type-Options")), Is.EqualTo("nosniff"));
                Assert.That(string.Join(',', response.Headers.GetValues("X-Frame-Options")), Is.EqualTo("DENY"));
                Assert.That(string.Join(',', response.Headers.GetValues("Referrer-Policy")), Is.EqualTo("no-referrer"));
                Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False, "HSTS only over TLS");
            }
        }
    }

    [Test]
    public async Task Over_TLS_answers_carry_HSTS()
    {
        var files = Directory.CreateTempSubdirectory("orders-api-tls-");
        try
        {
            using var authority = TestCertificates.CreateAuthority("Orders Api Test CA");
            using var certificate = TestCertificates.CreateServerCertificate(authority);
            var pfx = Path.Combine(files.FullName, "api.pfx");
            var pem = Path.Combine(files.FullName, "ca.pem");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-only"));
            await File.WriteAllTextAsync(pem, authority.ExportCertificatePem());
            var https = await StartApiAsync(new Dictionary<string, string?>
            {
                ["Urls"] = "https://127.0.0.1:0",
                ["Kestrel:Certificates:Default:Path"] = pfx,
                ["Kestrel:Certificates:Default:Password"] = "test-only",
            });
            using var client = new HttpClient(CertificateAuthorityTrust.CreateHandler(pem))
            {
                BaseAddress = new UriBuilder(https.Address) { Host = "localhost" }.Uri,
            };

            using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

            Assert.That(string.Join(',', response.Headers.GetValues("Strict-Transport-Security")), Is.EqualTo("max-age=31536000"));
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_client_that_never_finishes_its_headers_is_disconnected()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Api.Address.Host, Api.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: {Api.Address.Authority}\r\n"));

        // The server closes the connection once RequestHeadersTimeout (2 s here) passes; a read then ends.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[1024];
        var received = new StringBuilder();
        int read;
        do
        {
            read = await stream.ReadAsync(buffer, deadline.Token);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        while (read > 0);

        Assert.That(received.ToString(), Does.Not.Contain("200 OK"), "the request was never complete, so never answered");
    }
}
