using Orders.Cli.Demo;
using Orders.Tests.EndToEnd;
using Spectre.Console;

namespace Orders.Tests.Cli;

/// <summary>The demo started before the system: one clear instruction instead of five failed orders.</summary>
public sealed class DemoWithoutSystemTests
{
    [Test]
    public async Task Without_an_api_answering_the_demo_says_to_start_the_system_and_exits_1()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var settings = DemoSettings.Parse(["--api", $"http://127.0.0.1:{ServiceProcess.FreePort()}", "--token", "any"]);

        var exitCode = await DemoCommand.RunAsync(settings, console, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(1), output.ToString());
        Assert.That(output.ToString(), Does.Contain("scripts/orders.sh up"));
    }
}
