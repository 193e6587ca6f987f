using System.Text.RegularExpressions;

namespace Orders.Tests.Deployment;

/// <summary>The repository's Dockerfile as far as compose depends on it: its build arguments and the project files it restores.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string text)
    {
        Arguments = ArgumentLine().Matches(text).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        RestoredProjects = ProjectCopyLine().Matches(text).Select(match => SourceTree.PathOf(match.Groups["path"].Value)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Names of its <c>ARG</c> instructions.</summary>
    public IReadOnlySet<string> Arguments { get; }

    /// <summary>Full paths of the project files copied before <c>dotnet restore</c>: a project missing here fails the restore.</summary>
    public IReadOnlySet<string> RestoredProjects { get; }

    public static Dockerfile Load() => new(SourceTree.Read("Dockerfile"));

    [GeneratedRegex(@"^ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex ArgumentLine();

    [GeneratedRegex(@"^COPY\s+(?<path>\S+\.csproj)\s", RegexOptions.Multiline)]
    private static partial Regex ProjectCopyLine();
}
