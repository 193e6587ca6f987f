using System.Reflection;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;

namespace Orders.Tests.Deployment;

/// <summary>
/// One executable project of the solution as a deployment sees it: its folder (the Dockerfile's PROJECT), its
/// assembly (ASSEMBLY), and the configuration it reads: the keys of its appsettings files and of its option classes.
/// </summary>
public sealed class ServiceProject
{
    // Settings a host takes from prefixed environment variables (ASPNETCORE_ENVIRONMENT, DOTNET_URLS, …).
    private static readonly string[] WebHostSettings = ["ENVIRONMENT", "URLS"];
    private static readonly string[] GenericHostSettings = ["ENVIRONMENT"];

    private ServiceProject(string folder, string projectFile, XDocument project)
    {
        Folder = folder;
        ProjectFile = projectFile;
        IsWebHost = string.Equals(project.Root?.Attribute("Sdk")?.Value, "Microsoft.NET.Sdk.Web", StringComparison.Ordinal);
        AssemblyName = project.Descendants("AssemblyName").SingleOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(projectFile);
        Defaults = Flatten(SourceTree.PathOf(folder, "appsettings.json"));
        var keys = new HashSet<string>(Defaults.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(SourceTree.PathOf(folder), "appsettings.*.json"))
        {
            keys.UnionWith(Flatten(file).Keys);
        }

        keys.UnionWith(OptionKeys(Assembly.Load(AssemblyName)));
        Keys = keys;
    }

    /// <summary>The folder below the repository root, e.g. <c>Orders.Api</c> or <c>migrations</c>.</summary>
    public string Folder { get; }

    public string ProjectFile { get; }

    public string AssemblyName { get; }

    /// <summary>A web host (Microsoft.NET.Sdk.Web) reads ASPNETCORE_* and DOTNET_* host settings; a generic host only DOTNET_*.</summary>
    public bool IsWebHost { get; }

    /// <summary>appsettings.json flattened to configuration keys (<c>ConnectionStrings:Ordering</c>) and their values.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; }

    /// <summary>Every configuration key the service reads: its appsettings*.json and the properties of its option classes.</summary>
    public IReadOnlySet<string> Keys { get; }

    public static ServiceProject Load(string folder)
    {
        if (!Directory.Exists(SourceTree.PathOf(folder)))
        {
            throw new DirectoryNotFoundException($"\"{folder}\" is no folder of the repository, so no project is built from it.");
        }

        var projectFile = Directory.GetFiles(SourceTree.PathOf(folder), "*.csproj") switch
        {
            [var single] => single,
            var files => throw new InvalidOperationException($"{folder} holds {files.Length} project files; a PROJECT folder holds one."),
        };
        return new ServiceProject(folder, projectFile, XDocument.Load(projectFile));
    }

    /// <summary>Full paths of the project files a project file references.</summary>
    public static IEnumerable<string> ReferencesOf(string projectFile) =>
        XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(reference => reference.Attribute("Include")!.Value.Replace('\\', '/'))
            .Select(include => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectFile)!, include)));

    /// <summary>The configuration key an environment variable sets (<c>A__B</c> is <c>A:B</c>), as .NET reads it.</summary>
    public static string KeyOf(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Whether this service reads the setting an environment variable of that name carries.</summary>
    public bool Reads(string environmentVariable)
    {
        foreach (var prefix in IsWebHost ? (string[])["ASPNETCORE_", "DOTNET_"] : ["DOTNET_"])
        {
            if (environmentVariable.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (IsWebHost ? WebHostSettings : GenericHostSettings).Contains(environmentVariable[prefix.Length..], StringComparer.Ordinal);
            }
        }

        return Keys.Contains(KeyOf(environmentVariable));
    }

    private static Dictionary<string, string> Flatten(string appsettings) =>
        new ConfigurationBuilder().AddJsonFile(appsettings, optional: false).Build().AsEnumerable()
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key, setting => setting.Value!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Options classes name their section in a <c>Section</c> constant; each settable property is a key below it.</summary>
    private static IEnumerable<string> OptionKeys(Assembly assembly) =>
        from type in assembly.GetExportedTypes()
        let section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
        where section is { IsLiteral: true } && section.FieldType == typeof(string)
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        select $"{section.GetRawConstantValue()}:{property.Name}";
}
