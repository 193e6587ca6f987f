using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using Orders.Testing;
using Orders.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.Ops;

/// <summary>
/// The operations console in a real browser (the system's chromium, headless, driven by Playwright) against the real
/// processes: what an operator sees and does, each test ending with a screenshot of the page.
/// </summary>
public sealed class OpsConsoleTests : RunningSystem
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _opsToken = null!;
    private IBrowserContext? _context;

    // An order waiting for a payment that never answers is stuck after 2 s, long before its 2 min payment timeout.
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Ops__StuckAfter"] = "00:00:02",
        ["Ops__StuckCountInterval"] = "00:00:01",
    };

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        _opsToken = await MintTokenAsync("operator-" + Guid.NewGuid().ToString("N")[..8], "--role", "ops");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = Environment.GetEnvironmentVariable("ORDERS_TEST_CHROMIUM") ?? "/usr/bin/chromium",

            // Tests may run as root, where chromium refuses its sandbox.
            Args = ["--no-sandbox"],
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [TearDown]
    public async Task Screenshot()
    {
        if (_context is null)
        {
            return;
        }

        foreach (var page in _context.Pages)
        {
            var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{TestContext.CurrentContext.Test.Name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }

        await _context.DisposeAsync();
        _context = null;
    }

    [Test]
    public async Task An_order_placed_through_the_api_appears_and_reaches_completed_on_the_page_without_a_reload()
    {
        var page = await OpenAsync("#orders", _opsToken);
        await page.EvaluateAsync("() => { window.loadedOnce = true; }");

        var orderId = await Alice.PlaceAcceptedAsync(Order(Sku(1)));

        var row = page.Locator($"tr[data-order-id='{orderId}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = Ms(PageTimeout) });
        await Expect(row.Locator("td.status")).ToHaveTextAsync(OrderStatus.Completed, new() { Timeout = Ms(PageTimeout) });
        await Expect(page.Locator("li[data-status='Completed'] strong")).Not.ToHaveTextAsync("0");
        Assert.That(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), Is.True, "the page was never reloaded");
    }

    [Test]
    public async Task A_failed_message_is_listed_and_redrive_sends_it_back_to_its_queue_where_once_fixed_it_completes()
    {
        // A commit of stock for an order Inventory has no reservation of: NOT_FOUND, never retried, so it fails at once.
        var orderId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var sku = Sku(7);
        var before = await StockOfAsync(sku);
        await RawMessages.SendAsync(
            VirtualHost, Endpoints.Stock, RawMessages.Envelope(messageId, nameof(CommitStock), new JsonObject { ["orderId"] = orderId }), messageId);

        var page = await OpenAsync("#failed", _opsToken);
        var row = page.Locator($"section[data-queue='{Endpoints.Stock}_error'] tr[data-message-id='{messageId}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = Ms(PageTimeout) });
        await Expect(row).ToContainTextAsync($"Orders.Contracts:{nameof(CommitStock)}");
        await Expect(row).ToContainTextAsync(orderId.ToString());
        await Expect(row).ToContainTextAsync("RpcException");

        // The fix: the reservation it was meant to commit now exists.
        await InventoryClient.ReserveStockAsync(new ReserveStockRequest { OrderId = orderId.ToString(), Lines = { new ReserveLine { Sku = sku, Quantity = 2 } } });
        await page.GetByLabel("Reason for redrive or discard (kept in the audit log)").FillAsync("reservation restored");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Redrive {messageId}" }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0, new() { Timeout = Ms(PageTimeout) });
        var after = await Eventually.Until(() => StockOfAsync(sku), stock => stock.OnHand == before.OnHand - 2, TimeSpan.FromSeconds(30));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand - 2), "the redriven commit took the reserved units out of stock");
            Assert.That(after.Reserved, Is.EqualTo(before.Reserved), "and nothing is left reserved");
        }

        await page.GotoAsync("/ops/#audit");
        await Expect(page.Locator("tr", new() { HasText = $"{Endpoints.Stock}_error/{messageId}" })).ToContainTextAsync("reservation restored");
    }

    [Test]
    public async Task A_force_cancel_of_a_stuck_order_shows_in_its_timeline_and_in_the_audit_log()
    {
        var sku = Sku(9);
        var before = await StockOfAsync(sku);
        var orderId = await Alice.PlaceAcceptedAsync(Order(sku, quantity: 3, paymentToken: "tok_timeout"));

        var page = await OpenAsync("#orders", _opsToken);
        await Expect(page.Locator($"tr.stuck[data-order-id='{orderId}']")).ToBeVisibleAsync(new() { Timeout = Ms(PageTimeout) });

        await page.Locator($"tr[data-order-id='{orderId}'] a").ClickAsync();
        await Expect(page.Locator("#order-status")).ToContainTextAsync("(stuck)", new() { Timeout = Ms(PageTimeout) });
        await page.GetByLabel("Why cancel this order (kept in the audit log)").FillAsync("payment provider outage, customer asked by phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Force-cancel" }).ClickAsync();

        await Expect(page.Locator("#order-status")).ToHaveTextAsync(OrderStatus.Cancelled, new() { Timeout = Ms(PageTimeout) });
        await Expect(page.Locator("#timeline li").Last).ToContainTextAsync(OrderStatus.Cancelled);

        // The saga's compensation ran: the reservation was released.
        var after = await Eventually.Until(() => StockOfAsync(sku), stock => stock.Reserved == before.Reserved, TimeSpan.FromSeconds(30));
        Assert.That(after.Reserved, Is.EqualTo(before.Reserved), "the saga released the order's stock");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var entry = page.Locator("tr", new() { HasText = orderId.ToString() });
        await Expect(entry).ToContainTextAsync("force-cancel", new() { Timeout = Ms(PageTimeout) });
        await Expect(entry).ToContainTextAsync("payment provider outage, customer asked by phone");
        await Expect(entry).ToContainTextAsync("operator-");
        await Expect(entry).ToContainTextAsync("cancelled");
    }

    [Test]
    public async Task The_pipeline_shows_every_outbox_and_each_queue_with_its_consumers()
    {
        var page = await OpenAsync("#pipeline", _opsToken);

        foreach (var schema in new[] { "ordering", "workflow", "payments", "shipping" })
        {
            await Expect(page.Locator($"tr[data-schema='{schema}']")).ToBeVisibleAsync(new() { Timeout = Ms(PageTimeout) });
        }

        // Inventory consumes the stock queue: one consumer, read from RabbitMQ's management API.
        var stock = page.Locator($"tr[data-queue='{Endpoints.Stock}'] td").Nth(4);
        await Expect(stock).ToHaveTextAsync("1", new() { Timeout = Ms(PageTimeout) });
        await Expect(page.Locator("p.error")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task An_action_on_an_error_queue_that_does_not_exist_is_404_and_audited_as_such()
    {
        using var operatorClient = new HttpClient { BaseAddress = ApiProcess.Address };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _opsToken);
        var queue = $"nothing-{Guid.NewGuid():N}_error";

        using var response = await operatorClient.SendAsync(Request("POST", $"/ops/api/failed/{queue}/redrive"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var audit = JsonNode.Parse(await operatorClient.GetStringAsync("/ops/api/audit"))!.AsArray();
        var entry = audit.Single(e => (string?)e!["target"] == queue)!;
        Assert.That((string?)entry["outcome"], Is.EqualTo("no such queue"));
    }

    [Test]
    public async Task A_token_without_the_ops_role_gets_403_on_the_page_and_on_every_ops_api_route()
    {
        var document = JsonNode.Parse(await Alice.Http.GetStringAsync("/openapi/v1.json"))!;
        var routes = document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/ops/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject().Select(operation => new Route(operation.Key.ToUpperInvariant(), Filled(path.Key))))
            .Concat([new Route("GET", "/ops"), new Route("GET", "/ops/"), new Route("GET", "/ops/ops.js"), new Route("GET", "/ops/ops.css")])
            .ToList();
        Assert.That(routes.Count(route => route.Path.StartsWith("/ops/api/", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(9), "every /ops/api route is in the OpenAPI document");

        using var customer = new HttpClient { BaseAddress = ApiProcess.Address };
        customer.DefaultRequestHeaders.Authorization = Alice.Http.DefaultRequestHeaders.Authorization;
        using var operatorClient = new HttpClient { BaseAddress = ApiProcess.Address };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _opsToken);
        var refused = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var response = await customer.SendAsync(Request(method, path));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                refused.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }

        Assert.That(refused, Is.Empty, "each route answers a customer's token with 403");
        using (var console = await operatorClient.GetAsync("/ops/"))
        {
            Assert.That(console.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same page answers an operator");
        }

        var page = await OpenAsync(null, await MintTokenAsync("customer-" + Guid.NewGuid().ToString("N")[..8]));
        var answer = await page.GotoAsync("/ops/");
        Assert.That(answer?.Status, Is.EqualTo(403), "the browser with a customer's token is refused the console");
    }

    private async Task<IPage> OpenAsync(string? view, string token)
    {
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ApiProcess.Address.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        var page = await _context.NewPageAsync();
        if (view is not null)
        {
            var response = await page.GotoAsync($"/ops/{view}");
            Assert.That(response?.Status, Is.EqualTo(200), "the console opens for an ops token");
        }

        return page;
    }

    private static string Filled(string template) => template
        .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{queue}", "stock_error", StringComparison.Ordinal)
        .Replace("{messageId}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent("""{"reason":"not allowed"}""", Encoding.UTF8, "application/json") : null,
    };

    private static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    private sealed record Route(string Method, string Path);
}
