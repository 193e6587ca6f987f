namespace Orders.Tests.Deployment;

/// <summary>A service's <c>healthcheck:</c>, exec form (<c>["CMD", "curl", …]</c>).</summary>
public sealed class ComposeHealthCheck
{
    public List<string> Test { get; init; } = [];
}
