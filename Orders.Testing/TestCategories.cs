namespace Orders.Testing;

public static class TestCategories
{
    /// <summary>
    /// Tests that stop or restart a shared server (RabbitMQ, PostgreSQL). The test command runs them alone, after every
    /// other test, because the test assemblies otherwise run in parallel against the same servers.
    /// </summary>
    public const string Disruptive = nameof(Disruptive);
}
