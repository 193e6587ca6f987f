using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Orders.Api;
using Orders.Inventory;
using Orders.Workers;

namespace Orders.Tests.Deployment;

/// <summary>
/// The routes a service maps, read from the real app: built with the same Add…/Map… calls as its Program.cs, from
/// its own folder's settings, and never started (nothing is connected to).
/// </summary>
public static class ServiceRoutes
{
    public static async Task<IReadOnlySet<string>> OfAsync(ServiceProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = project.AssemblyName,
            ContentRootPath = SourceTree.PathOf(project.Folder),
        });
        await using var app = project.AssemblyName switch
        {
            "Orders.Api" => Build(builder.AddOrdersApi(), app => app.UseOrdersApi().MapOrdersApi()),
            "Orders.Inventory" => Build(builder.AddInventory(), app => app.MapInventory()),
            "Orders.Workers" => Build(builder.AddWorkers(), app => app.MapWorkers()),
            var other => throw new InvalidOperationException($"{other} is not a web service of this solution; add how its Program.cs builds it."),
        };

        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText?.TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static WebApplication Build(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        var app = builder.Build();
        map(app);
        return app;
    }
}
