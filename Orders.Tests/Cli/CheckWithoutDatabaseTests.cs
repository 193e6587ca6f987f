using Orders.Tests.EndToEnd;

namespace Orders.Tests.Cli;

/// <summary>The check pointed at no database: a clear message and exit code 2, distinct from a broken invariant.</summary>
public sealed class CheckWithoutDatabaseTests
{
    [Test]
    public async Task An_unreachable_database_is_named_and_exits_2()
    {
        var connectionString = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Database=orders;Username=orders;Password=orders";

        var (exitCode, output) = await CliProcess.RunAsync(TimeSpan.FromSeconds(30), "check", "--database", connectionString);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Cannot check database 'orders' on 127.0.0.1"));
    }
}
