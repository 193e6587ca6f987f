namespace Orders.Tests.Deployment;

/// <summary>One entry of <c>services:</c> in compose.yaml.</summary>
public sealed class ComposeService
{
    public string? Image { get; init; }

    public ComposeBuild? Build { get; init; }

    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>Short syntax, <c>"host:container"</c>.</summary>
    public List<string> Ports { get; init; } = [];

    /// <summary>Short syntax, <c>"source:target[:mode]"</c>.</summary>
    public List<string> Volumes { get; init; } = [];

    public ComposeHealthCheck? Healthcheck { get; init; }

    public ComposeDeploy? Deploy { get; init; }

    public Dictionary<string, ComposeDependency> DependsOn { get; init; } = [];

    public string? Restart { get; init; }
}
