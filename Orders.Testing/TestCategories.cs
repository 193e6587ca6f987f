namespace Orders.Testing;

public static class TestCategories
{
    /// <summary>
    /// Tests that stop or restart a shared server (RabbitMQ, PostgreSQL). The test command runs them alone, after every
    /// other test, because the test assemblies otherwise run in parallel against the same servers.
    /// </summary>
    public const string Disruptive = nameof(Disruptive);

    /// <summary>
    /// Tests that run their own three-node RabbitMQ cluster (scripts/rabbit-cluster.sh, ports 5701-5703) and stop its
    /// nodes. The test command runs them alone, last: they start many processes and one run at a time owns the cluster.
    /// </summary>
    public const string Cluster = nameof(Cluster);
}
