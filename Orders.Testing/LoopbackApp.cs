using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orders.Testing;

/// <summary>
/// A service under test hosted in the test process on a real loopback port: the same wiring as the service, over real
/// HTTP (or h2c), on a port the operating system picks so that test classes never collide.
/// </summary>
public static class LoopbackApp
{
    /// <summary>
    /// A Development builder named after <paramref name="service"/> (so its own appsettings apply), listening on
    /// 127.0.0.1:0 with <paramref name="protocols"/> (<c>Http2</c> for gRPC over h2c, <c>Http1AndHttp2</c> otherwise) and
    /// logging warnings only; <paramref name="settings"/> come last and win.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(Assembly service, string protocols, IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(service);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = service.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Kestrel:EndpointDefaults:Protocols"] = protocols,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>The address the started app is listening on.</summary>
    public static Uri Address(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }
}
