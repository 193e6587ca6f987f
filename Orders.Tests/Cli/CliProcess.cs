using System.Diagnostics;
using Orders.Tests.EndToEnd;

namespace Orders.Tests.Cli;

/// <summary>The built Orders.Cli, run as a person or a script runs it: arguments in, exit code and output out.</summary>
public static class CliProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServiceProcess.BuiltAssembly("Orders.Cli"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Orders.Cli {string.Join(' ', arguments)} did not end within {timeout}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }
}
