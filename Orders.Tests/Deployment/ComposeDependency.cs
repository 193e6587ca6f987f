namespace Orders.Tests.Deployment;

/// <summary>One entry of a service's <c>depends_on:</c> (long syntax).</summary>
public sealed class ComposeDependency
{
    /// <summary><c>service_started</c>, <c>service_healthy</c> or <c>service_completed_successfully</c>.</summary>
    public string? Condition { get; init; }
}
