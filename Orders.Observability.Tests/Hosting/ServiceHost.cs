using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Api;
using Orders.Inventory;
using Orders.ServiceDefaults;
using Orders.Testing;
using Orders.Workers;

namespace Orders.Observability.Tests.Hosting;

/// <summary>
/// One of the real services (the same <c>Add…</c>/<c>Map…</c> wiring as its Program.cs) on Kestrel at 127.0.0.1:0,
/// with every log line it writes captured for the test.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string SigningKey = "orders-observability-tests-signing-key-0123456789";

    private readonly WebApplication _app;
    private readonly HttpClient? _operations;

    private ServiceHost(WebApplication app, Uri address, LogCapture logs, Version httpVersion)
    {
        _app = app;
        Address = address;
        Logs = logs;
        Http = Client(address, httpVersion);
        if (OperationsEndpoint.Ports(app.Configuration).Count > 0)
        {
            _operations = Client(app.OperationsAddress(), HttpVersion.Version11);
        }
    }

    public Uri Address { get; }

    /// <summary>Plain HTTP to the service: HTTP/2 with prior knowledge for Inventory, HTTP/1.1 for the others.</summary>
    public HttpClient Http { get; }

    /// <summary>HTTP/1.1 to the operations listener (<c>/metrics</c>, <c>/health/*</c>), for Inventory; else the same as <see cref="Http"/>.</summary>
    public HttpClient Operations => _operations ?? Http;

    public LogCapture Logs { get; }

    public static Task<ServiceHost> StartInventoryAsync(string connectionString) =>
        StartAsync(typeof(InventoryExtensions), "Http2", HttpVersion.Version20, new()
        {
            ["ConnectionStrings:Inventory"] = SmallPool(connectionString),
            ["Operations:Urls"] = $"http://127.0.0.1:{LoopbackApp.FreePort()}",
        }, builder => builder.AddInventory(), app => app.MapInventory());

    public static Task<ServiceHost> StartWorkersAsync(string connectionString, TestVirtualHost virtualHost, Uri inventory) =>
        StartAsync(typeof(WorkersExtensions), "Http1AndHttp2", HttpVersion.Version11, new()
        {
            ["ConnectionStrings:Workers"] = SmallPool(connectionString),
            ["ConnectionStrings:RabbitMq"] = virtualHost.AmqpUri.ToString(),
            ["Inventory:Address"] = inventory.ToString(),
        }, builder => builder.AddWorkers(), app => app.MapWorkers());

    public static Task<ServiceHost> StartApiAsync(string connectionString, TestVirtualHost virtualHost, Uri inventory) =>
        StartAsync(typeof(OrdersApi), "Http1AndHttp2", HttpVersion.Version11, new()
        {
            ["ConnectionStrings:Ordering"] = SmallPool(connectionString),
            ["ConnectionStrings:RabbitMq"] = virtualHost.AmqpUri.ToString(),
            ["Inventory:Address"] = inventory.ToString(),
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "orders-dev",
            ["Auth:Audience"] = "orders-api",
        }, builder => builder.AddOrdersApi(), app => app.UseOrdersApi().MapOrdersApi());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _operations?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<ServiceHost> StartAsync(
        Type service,
        string protocols,
        Version httpVersion,
        Dictionary<string, string?> settings,
        Action<WebApplicationBuilder> add,
        Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = service.Assembly.GetName().Name,
        });
        settings["Urls"] = "http://127.0.0.1:0";

        // Only Inventory gets an operations listener, on a port of its own (not the appsettings' fixed 5091).
        settings.TryAdd(OperationsEndpoint.UrlsKey, string.Empty);
        settings["Kestrel:EndpointDefaults:Protocols"] = protocols;
        settings["Logging:LogLevel:Default"] = "Warning";
        // No exporter here: the tests read spans in process, so recording is turned on as a user would turn it on.
        settings["Tracing:Sampling"] = "on";
        builder.Configuration.AddInMemoryCollection(settings);

        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogCapture>(null, LogLevel.Information);

        // Endpoints and their bindings exist before the first message is published.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        add(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();

        var address = app.Address();
        return new ServiceHost(app, address, logs, httpVersion);
    }

    private static HttpClient Client(Uri address, Version httpVersion) => new()
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = httpVersion,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    // Several test assemblies share one PostgreSQL: keep each host's share of connections small.
    private static string SmallPool(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 }.ConnectionString;
}
