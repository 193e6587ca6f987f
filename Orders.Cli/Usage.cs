using Orders.Cli.Check;
using Orders.Cli.Demo;
using Spectre.Console;

namespace Orders.Cli;

/// <summary>What the command line accepts; printed for no command, an unknown one, or a wrong option.</summary>
public static class Usage
{
    public const int ExitCode = 2;

    public static int Print(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine("usage: dotnet run --project Orders.Cli -c Release -- <command> [options]");
        console.WriteLine();
        console.WriteLine("demo [--api URL] [--token JWT] [--deadline SECONDS]");
        console.WriteLine("  One order down every path through the running system's REST API, shown live;");
        console.WriteLine("  exit code 0 when each reaches its expected final state.");
        console.WriteLine($"  --api       the REST API (default {ApiSettings.DefaultAddress})");
        console.WriteLine($"  --token     a bearer token (default ${DevelopmentToken.Variable}, else one minted by Orders.Api)");
        console.WriteLine($"  --deadline  seconds each order has to end (default {DemoSettings.DefaultDeadline.TotalSeconds})");
        console.WriteLine();
        CheckSettings.PrintUsage(console);
        return ExitCode;
    }
}
