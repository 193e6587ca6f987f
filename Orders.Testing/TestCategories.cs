namespace Orders.Testing;

public static class TestCategories
{
    /// <summary>
    /// Tests that stop, kill or restart servers (private ones, <c>Orders.Testing.Servers</c>) or service processes under
    /// load. The test command runs them alone, one assembly at a time, after every other test: on a small machine, CPU
    /// contention with the parallel assemblies would make their deadlines flaky.
    /// </summary>
    public const string Disruptive = nameof(Disruptive);
}
