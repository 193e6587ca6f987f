using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.ServiceDefaults;

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

            // No fixed-port operations listener (Inventory's appsettings has one): parallel hosts would collide on it.
            ["Operations:Urls"] = string.Empty,
            ["Kestrel:EndpointDefaults:Protocols"] = protocols,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>A loopback port free right now, for a listener that needs its port before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The address the started app serves its own protocol on (not its operations listener).</summary>
    public static Uri Address(this WebApplication app) => OneAddress(app, operations: false);

    /// <summary>The address of the app's HTTP/1.1 operations listener (<c>Operations:Urls</c>).</summary>
    public static Uri OperationsAddress(this WebApplication app) => OneAddress(app, operations: true);

    private static Uri OneAddress(WebApplication app, bool operations)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ports = OperationsEndpoint.Ports(app.Configuration);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address))
            .ToList();
        var matching = addresses.Where(address => ports.Contains(address.Port) == operations).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new InvalidOperationException(
                $"Expected one {(operations ? "operations" : "service")} address among {string.Join(", ", addresses)} (operations ports: {string.Join(", ", ports)}).");
    }
}
