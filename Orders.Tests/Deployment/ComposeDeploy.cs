namespace Orders.Tests.Deployment;

public sealed class ComposeDeploy
{
    public int? Replicas { get; init; }
}
