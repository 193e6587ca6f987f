using Orders.Cli.Demo;
using Orders.Tests.EndToEnd;

namespace Orders.Tests.Cli;

/// <summary>The demo against the real processes, run as `scripts/orders.sh demo` runs it: its exit code is the verdict.</summary>
public sealed class DemoTests : RunningSystem
{
    [Test]
    public async Task The_demo_takes_every_path_to_its_expected_final_state_and_exits_0()
    {
        var token = Alice.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        var (exitCode, output) = await CliProcess.RunAsync(TimeSpan.FromSeconds(90), "demo", "--api", ApiProcess.Address.ToString(), "--token", token);

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"All {DemoPath.All.Count} paths reached their expected final states."));
    }
}
