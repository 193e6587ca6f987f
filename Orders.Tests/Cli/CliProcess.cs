using Orders.Testing.Servers;
using Orders.Tests.EndToEnd;

namespace Orders.Tests.Cli;

/// <summary>The built Orders.Cli, run as a person or a script runs it: arguments in, exit code and output out.</summary>
public static class CliProcess
{
    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments) =>
        ServerProcess.RunAsync(timeout, "dotnet", [ServiceProcess.BuiltAssembly("Orders.Cli"), .. arguments]);
}
