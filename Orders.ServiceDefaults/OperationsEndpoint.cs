using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Orders.ServiceDefaults;

/// <summary>
/// A second, HTTP/1.1 listener for a service whose own port speaks HTTP/2 only (Inventory's gRPC over h2c), so that
/// Prometheus, load balancers and Kubernetes probes, which speak HTTP/1.1, can reach <c>/metrics</c> and
/// <c>/health/*</c>. Kestrel cannot offer both protocols on one cleartext port: without TLS there is no ALPN to choose.
/// </summary>
public static class OperationsEndpoint
{
    /// <summary>Where the operations listener binds, like <c>Urls</c>: <c>http://localhost:5091</c>; unset, none.</summary>
    public const string UrlsKey = "Operations:Urls";

    /// <summary>
    /// Adds the addresses of <see cref="UrlsKey"/> to the ones Kestrel listens on (<c>Urls</c>) and makes those
    /// HTTP/1.1, whatever <c>Kestrel:EndpointDefaults:Protocols</c> says for the others. Their ports must be fixed (not
    /// 0) and differ from the service's own, since the port is what tells the two listeners apart.
    /// </summary>
    public static WebApplicationBuilder AddOperationsEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var operations = Parse(builder.Configuration[UrlsKey]);
        if (operations.Count == 0)
        {
            return builder;
        }

        var service = Parse(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
        var ports = operations.Select(address => address.Port).ToHashSet();
        if (ports.Contains(0) || service.Any(address => ports.Contains(address.Port)))
        {
            throw new InvalidOperationException(
                $"{UrlsKey} needs fixed ports (not 0) that differ from the service's own (Urls); it has '{builder.Configuration[UrlsKey]}'.");
        }

        var urls = service.Concat(operations).Select(address => address.ToString());
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Join(';', urls));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint is { } endpoint && ports.Contains(endpoint.Port))
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        }));
        return builder;
    }

    /// <summary>The ports of <see cref="UrlsKey"/> in <paramref name="configuration"/>: none when it is unset.</summary>
    public static IReadOnlySet<int> Ports(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Parse(configuration[UrlsKey]).Select(address => address.Port).ToHashSet();
    }

    private static List<BindingAddress> Parse(string? urls) =>
        (urls ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(BindingAddress.Parse)
            .ToList();
}
