namespace Orders.Testing;

public static class TestCategories
{
    /// <summary>
    /// Tests that stop, kill or restart servers (private ones, <c>Orders.Testing.Servers</c>) or service processes under
    /// load. The test command runs them alone, one assembly at a time, after every other test: on a small machine, CPU
    /// contention with the parallel assemblies would make their deadlines flaky.
    /// </summary>
    public const string Disruptive = nameof(Disruptive);

    /// <summary>
    /// Tests that run their own three-node RabbitMQ cluster (scripts/rabbit-cluster.sh, ports 5701-5703) and stop its
    /// nodes. The test command runs them alone, last: they start many processes and one run at a time owns the cluster.
    /// </summary>
    public const string Cluster = nameof(Cluster);
}
