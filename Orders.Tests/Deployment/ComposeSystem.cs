using Microsoft.AspNetCore.Http;

namespace Orders.Tests.Deployment;

/// <summary>compose.yaml with the projects its .NET services are built from, read once for all deployment tests.</summary>
public static class ComposeSystem
{
    private static readonly Lazy<ComposeFile> LazyCompose = new(() => ComposeFile.Load(SourceTree.PathOf("compose.yaml")));

    public static ComposeFile Compose => LazyCompose.Value;

    /// <summary>Every service compose builds from this repository, with the project its PROJECT build argument names.</summary>
    public static IEnumerable<(string Name, ComposeService Service, ServiceProject Project)> BuiltServices() =>
        from entry in Compose.Services
        where entry.Value.Build is not null
        select (entry.Key, entry.Value, ServiceProject.Load(entry.Value.Build!.Args["PROJECT"]));

    /// <summary>The port a <c>Urls</c> value listens on: <c>http://+:8080</c> is 8080.</summary>
    public static int PortOf(string urls) => BindingAddress.Parse(urls.Split(';')[0]).Port;

    /// <summary>Host and container port of a short-syntax mapping (<c>"5080:8080"</c>, or with a host address in front).</summary>
    public static (int Host, int Container) Published(string mapping)
    {
        var parts = mapping.Split(':');
        return (int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether <paramref name="name"/> starts only after <paramref name="dependency"/>, directly or through others.</summary>
    public static bool StartsAfter(string name, string dependency) =>
        Compose.Service(name).DependsOn.Keys.Any(next => next == dependency || StartsAfter(next, dependency));
}
