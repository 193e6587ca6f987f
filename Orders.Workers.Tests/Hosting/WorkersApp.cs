using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orders.Testing;

namespace Orders.Workers.Tests.Hosting;

/// <summary>The real Workers app (same <c>AddWorkers</c>/<c>MapWorkers</c> as Program.cs) on a free port.</summary>
public sealed class WorkersApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkersApp(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address };
    }

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; }

    /// <param name="connectionString">The database holding every schema (migrated).</param>
    /// <param name="virtualHost">The RabbitMQ virtual host of the test class.</param>
    /// <param name="roles">The value of <c>Workers:Roles</c>.</param>
    /// <param name="settings">Configuration on top, e.g. <c>Inventory:Address</c> or <c>Workflow:PaymentTimeout</c>.</param>
    /// <param name="services">Registrations made before the app's own, e.g. a fake <see cref="TimeProvider"/> or a test harness.</param>
    public static async Task<WorkersApp> StartAsync(
        string connectionString,
        TestVirtualHost virtualHost,
        string roles,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        // Several test assemblies share one PostgreSQL: keep this host's share of connections small.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 }.ConnectionString;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Kestrel:EndpointDefaults:Protocols"] = "Http1AndHttp2",
            ["ConnectionStrings:Workers"] = connectionString,
            ["ConnectionStrings:RabbitMq"] = virtualHost.AmqpUri.ToString(),
            ["Workers:Roles"] = roles,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Endpoints are bound before the test sends its first message.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        services?.Invoke(builder.Services);
        builder.AddWorkers();
        var app = builder.Build();
        app.MapWorkers();
        await app.StartAsync();

        var address = app.Address();
        return new WorkersApp(app, address);
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
