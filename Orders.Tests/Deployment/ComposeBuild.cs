namespace Orders.Tests.Deployment;

/// <summary>A service's <c>build:</c>: the Dockerfile's build arguments choose the project.</summary>
public sealed class ComposeBuild
{
    public string? Context { get; init; }

    public Dictionary<string, string> Args { get; init; } = [];
}
