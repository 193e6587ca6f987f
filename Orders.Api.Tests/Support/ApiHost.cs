using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orders.Testing;

namespace Orders.Api.Tests.Support;

/// <summary>
/// The real API app (the same <c>AddOrdersApi</c>/<c>UseOrdersApi</c>/<c>MapOrdersApi</c> as Program.cs) on Kestrel at
/// 127.0.0.1:0; tests talk to it over real HTTP.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    /// <summary>A test key, not the development one: tests prove the key comes from configuration.</summary>
    public const string SigningKey = "orders-api-tests-signing-key-0123456789abcdef";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(
        string orderingConnectionString, Uri rabbitMq, Uri inventory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // The output folder holds some referenced service's appsettings.json (Inventory's is HTTP/2-only): say it here.
        var builder = LoopbackApp.CreateBuilder(typeof(OrdersApi).Assembly, "Http1AndHttp2", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ordering"] = orderingConnectionString,
            ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString(),
            ["Inventory:Address"] = inventory.ToString(),
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "orders-dev",
            ["Auth:Audience"] = "orders-api",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddOrdersApi();
        // Endpoints and their bindings exist before a test publishes: a publish to an unbound exchange is dropped.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        var app = builder.Build();
        app.UseOrdersApi();
        app.MapOrdersApi();
        await app.StartAsync();

        return new ApiHost(app, app.Address());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
