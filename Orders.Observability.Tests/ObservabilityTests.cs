using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orders.Api.Auth;
using Orders.Migrations;
using Orders.Observability.Tests.Hosting;
using Orders.Testing;

namespace Orders.Observability.Tests;

/// <summary>
/// Inventory, Workers and the Api in this process, on one fresh database and RabbitMQ virtual host; one order that
/// completes, one whose payment is declined and one whose payment fails twice before it completes, placed over real HTTP. Then what an operator would look at: the trace,
/// the metrics and the logs.
/// </summary>
public sealed class ObservabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private SpanCollector _spans = null!;
    private TestDatabase? _database;
    private TestVirtualHost? _virtualHost;
    private ServiceHost? _inventory;
    private ServiceHost? _workers;
    private ServiceHost? _api;
    private Guid _completedOrder;
    private ActivityTraceId _completedTrace;
    private Guid _declinedOrder;
    private Guid _flakyOrder;

    private ServiceHost Inventory => _inventory!;

    private ServiceHost Workers => _workers!;

    private ServiceHost Api => _api!;

    [OneTimeSetUp]
    public async Task PlaceOrdersThatCompleteAndOneThatIsDeclined()
    {
        _spans = new SpanCollector();
        _database = await TestDatabase.CreateAsync(nameof(ObservabilityTests));
        _virtualHost = await TestVirtualHost.CreateAsync(nameof(ObservabilityTests));
        await Migrator.MigrateAsync(_database.ConnectionString, CancellationToken.None);
        _inventory = await ServiceHost.StartInventoryAsync(_database.ConnectionString);
        await WaitUntilReadyAsync(_inventory);
        _workers = await ServiceHost.StartWorkersAsync(_database.ConnectionString, _virtualHost, _inventory.Address);
        _api = await ServiceHost.StartApiAsync(_database.ConnectionString, _virtualHost, _inventory.Address);
        _api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessTokens.Create(
            new AuthOptions { SigningKey = ServiceHost.SigningKey }, "customer-observed", DateTime.UtcNow.AddSeconds(-5), TimeSpan.FromHours(1)));

        (_completedOrder, _completedTrace) = await PlaceAsync("tok_visa");
        (_declinedOrder, _) = await PlaceAsync("tok_declined");
        (_flakyOrder, _) = await PlaceAsync("tok_flaky");
        await WaitForStatusAsync(_completedOrder, "Completed");
        await WaitForStatusAsync(_declinedOrder, "Cancelled");
        await WaitForStatusAsync(_flakyOrder, "Completed");
    }

    [OneTimeTearDown]
    public async Task StopEverything()
    {
        foreach (var host in new[] { _api, _workers, _inventory })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _spans.Dispose();
    }

    [Test]
    public void One_order_is_one_trace_from_the_api_request_to_the_stock_commit()
    {
        var trace = _spans.Trace(_completedTrace);
        TestContext.Out.WriteLine(Describe(trace));

        Assert.Multiple(() =>
        {
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /orders/"), "the API request");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Client && s.DisplayName == "orders.inventory.v1.Inventory/ReserveStock"), "ReserveStock, gRPC client");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Server && s.DisplayName.EndsWith("orders.inventory.v1.Inventory/ReserveStock", StringComparison.Ordinal)), "ReserveStock, gRPC server");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Source.Name == "Npgsql"), "the database");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.DisplayName == "outbox deliver"), "the outbox delivery");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "order-saga process"), "the saga");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "payments process"), "the payment");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "shipping process"), "the shipping");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "stock process"), "the stock commit");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Client && s.DisplayName == "orders.inventory.v1.Inventory/CommitReservation"), "CommitReservation, gRPC client");
            Assert.That(trace, Has.Some.Matches<Activity>(s => s.Kind == ActivityKind.Server && s.DisplayName.EndsWith("orders.inventory.v1.Inventory/CommitReservation", StringComparison.Ordinal)), "CommitReservation, gRPC server");
        });
    }

    [Test]
    public void Background_polling_starts_no_trace_of_its_own()
    {
        // The outbox pollers and inbox cleanup query PostgreSQL every second; none of that may become a trace.
        var rootDatabaseCalls = _spans.All.Where(s => s.Recorded && s.Source.Name == "Npgsql" && s.Parent is null && s.ParentSpanId == default);
        Assert.That(rootDatabaseCalls, Is.Empty);
    }

    [Test]
    public async Task The_api_exposes_orders_submitted_and_its_outbox()
    {
        var scrape = await Scrape.ReadAsync(Api.Http);
        TestContext.Out.WriteLine(scrape.Text);

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Sum("orders_submitted_total"), Is.EqualTo(3));
            Assert.That(scrape.Find("outbox_messages_pending", ("outbox", "OrderingDbContext")), Has.Count.EqualTo(1));
            Assert.That(scrape.Find("outbox_messages_oldest_age_seconds", ("outbox", "OrderingDbContext")), Has.Count.EqualTo(1));
            Assert.That(scrape.Sum("outbox_delivery_latency_seconds_count", ("outbox", "OrderingDbContext")), Is.GreaterThanOrEqualTo(3));
            Assert.That(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/orders/"), ("http_request_method", "POST")), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task The_workers_expose_orders_by_outcome_the_time_to_final_status_consumer_durations_and_their_outboxes()
    {
        var scrape = await Scrape.ReadAsync(Workers.Http);
        TestContext.Out.WriteLine(scrape.Text);

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Sum("orders_completed_total"), Is.EqualTo(2));
            Assert.That(scrape.Sum("orders_cancelled_total", ("reason", "payment_declined")), Is.EqualTo(1));
            Assert.That(scrape.Sum("orders_time_to_final_status_seconds_count", ("status", "Completed")), Is.EqualTo(2));
            Assert.That(scrape.Sum("orders_time_to_final_status_seconds_count", ("status", "Cancelled")), Is.EqualTo(1));
            Assert.That(scrape.Sum("orders_time_to_final_status_seconds_sum"), Is.GreaterThan(0).And.LessThan(Deadline.TotalSeconds * 2));
            Assert.That(scrape.Find("messaging_masstransit_consume_duration_milliseconds_count"), Is.Not.Empty);
            Assert.That(scrape.Sum("messaging_masstransit_consume_ea_total", ("messaging_masstransit_consumer_type", "CommitStockConsumer")), Is.EqualTo(2));
            Assert.That(scrape.Sum("messaging_masstransit_consume_errors_ea_total", ("messaging_masstransit_consumer_type", "ProcessPaymentConsumer")), Is.GreaterThanOrEqualTo(2), "tok_flaky fails twice");
            Assert.That(scrape.Find("outbox_messages_pending", ("outbox", "WorkflowDbContext")), Has.Count.EqualTo(1));
            Assert.That(scrape.Sum("outbox_delivery_latency_seconds_count", ("outbox", "WorkflowDbContext")), Is.GreaterThanOrEqualTo(4));
            Assert.That(scrape.Sum("outbox_delivery_latency_seconds_count", ("outbox", "PaymentsDbContext")), Is.GreaterThanOrEqualTo(3));
        });
    }

    [Test]
    public async Task Inventory_exposes_grpc_calls_by_method_and_status_over_http1_for_prometheus()
    {
        var scrape = await Scrape.ReadAsync(Inventory.Operations);

        Assert.Multiple(() =>
        {
            Assert.That(
                scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/orders.inventory.v1.Inventory/ReserveStock"), ("rpc_grpc_status_code", "0")),
                Is.EqualTo(3));
            Assert.That(
                scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/orders.inventory.v1.Inventory/CommitReservation"), ("rpc_grpc_status_code", "0")),
                Is.EqualTo(2));
        });
    }

    [Test]
    public void Log_lines_about_an_order_carry_its_order_id_trace_id_and_span_id()
    {
        var traceId = _completedTrace.ToString();
        var lines = new[] { Api, Workers, Inventory }
            .SelectMany(host => host.Logs.Entries)
            .Where(entry => entry.Value("OrderId") == _completedOrder.ToString())
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(line => line.Category), Has.Some.Contains("PlaceOrder").And.Some.Contains("ProcessPaymentConsumer").And.Some.Contains("CommitReservation"));
            Assert.That(lines, Has.All.Matches<CapturedLog>(line => line.Value("TraceId") == traceId && line.Value("SpanId") is { Length: 16 }));
        });
    }

    private static string Describe(IEnumerable<Activity> trace) => string.Join(
        Environment.NewLine,
        trace.OrderBy(s => s.StartTimeUtc).Select(s => $"{s.StartTimeUtc:HH:mm:ss.fff} {s.Kind,-8} {s.Source.Name,-22} {s.DisplayName}"));

    private static async Task WaitUntilReadyAsync(ServiceHost host)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using (var response = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{host.Address} was not ready in time");
            await Task.Delay(50);
        }
    }

    /// <summary>Places an order inside a span of the test's own, so that its trace id is known.</summary>
    private async Task<(Guid OrderId, ActivityTraceId TraceId)> PlaceAsync(string paymentToken)
    {
        var body = new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-0001", ["quantity"] = 1 }),
            ["payment"] = new JsonObject { ["token"] = paymentToken },
            ["shippingAddress"] = new JsonObject
            {
                ["name"] = "Ada Lovelace",
                ["line1"] = "12 Analytical St",
                ["city"] = "London",
                ["postalCode"] = "N1 9GU",
                ["country"] = "GB",
            },
        };
        using var client = SpanCollector.StartClientSpan("place order");
        using var response = await Api.Http.PostAsJsonAsync("/orders", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var order = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (Guid.Parse(order!["orderId"]!.GetValue<string>()), client.TraceId);
    }

    private async Task WaitForStatusAsync(Guid orderId, string status)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var order = await Api.Http.GetFromJsonAsync<JsonObject>($"/orders/{orderId}");
            if (order?["status"]?.GetValue<string>() == status)
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"order {orderId} did not reach {status}; it is {order?["status"]}");
            await Task.Delay(50);
        }
    }
}
