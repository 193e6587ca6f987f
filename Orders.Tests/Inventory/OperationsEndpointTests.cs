using System.Net;
using Orders.Tests.EndToEnd;

namespace Orders.Tests.Inventory;

/// <summary>
/// Inventory's own port speaks HTTP/2 only (gRPC over h2c), which Prometheus and HTTP probes cannot; its operations
/// listener serves <c>/metrics</c> and <c>/health/*</c> over HTTP/1.1 beside it.
/// </summary>
public sealed class OperationsEndpointTests
{
    private InventoryHost _inventory = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartInventory()
    {
        _inventory = await InventoryHost.StartAsync(nameof(OperationsEndpointTests), settings: new Dictionary<string, string?>
        {
            ["Operations:Urls"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        });
        _http = new HttpClient
        {
            BaseAddress = _inventory.OperationsAddress,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    [OneTimeTearDown]
    public async Task StopInventory()
    {
        _http.Dispose();
        await _inventory.DisposeAsync();
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_answers_over_http1(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version11));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        }
    }

    [Test]
    public async Task Metrics_of_grpc_calls_on_the_h2c_port_are_scraped_over_http1()
    {
        await _inventory.Client.GetStockAsync(new() { Skus = { "SKU-0001" } });

        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version11));
            Assert.That(text, Does.Contain("http_route=\"/orders.inventory.v1.Inventory/GetStock\""));
        }
    }

    [Test]
    public async Task The_grpc_port_still_speaks_http2_only()
    {
        using var http1 = new HttpClient
        {
            BaseAddress = _inventory.Address,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var overHttp2 = await _inventory.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var overHttp1 = await http1.GetAsync(new Uri("/health/ready", UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(overHttp2.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(overHttp1.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "Kestrel refuses HTTP/1.x on an HTTP/2-only endpoint");
            Assert.That(await overHttp1.Content.ReadAsStringAsync(), Does.Contain("HTTP/2 only"));
        }
    }

    [Test]
    public void A_listener_without_a_fixed_port_is_refused_at_start()
    {
        var start = InventoryHost.StartAsync(nameof(OperationsEndpointTests) + "Port0", settings: new Dictionary<string, string?>
        {
            ["Operations:Urls"] = "http://127.0.0.1:0",
        });

        Assert.That(async () => await start, Throws.InvalidOperationException.With.Message.Contains("Operations:Urls"));
    }
}
