using System.Diagnostics;
using Spectre.Console;

namespace Orders.Cli;

/// <summary>
/// The bearer token a command calls the API with: the one given, else <c>$ORDERS_TOKEN</c>, else one minted the way
/// <c>scripts/orders.sh up</c> mints it, by the built Orders.Api (<c>token &lt;customer&gt;</c>) with Development settings,
/// so it carries the development signing key a locally run API accepts.
/// </summary>
public static class DevelopmentToken
{
    public const string Variable = "ORDERS_TOKEN";

    public const string Customer = "demo-customer";

    /// <summary>The token to use, or null after saying on the console why there is none.</summary>
    public static async Task<string?> ResolveAsync(string? given, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if ((given ?? Environment.GetEnvironmentVariable(Variable)) is { Length: > 0 } token)
        {
            return token;
        }

        if (ApiAssembly() is not { } assembly)
        {
            console.MarkupLine($"[red]No token:[/] pass --token or set {Variable}, or build the solution (scripts/orders.sh up) so that Orders.Api can mint one.");
            return null;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("token");
        start.ArgumentList.Add(Customer);
        // The same environment as `scripts/orders.sh up` gives the services it starts.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } environment
            ? environment
            : "Development";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            console.MarkupLineInterpolated($"[red]Orders.Api could not mint a token[/] ({assembly}): {(await error).Trim()}");
            return null;
        }

        // The token is the last line; anything before it is the host's own output.
        return lines[^1];
    }

    /// <summary>
    /// The built Orders.Api beside this build in the repository (<c>Orders.Cli/bin/&lt;configuration&gt;/&lt;framework&gt;</c>):
    /// the same configuration first, else the newest other one.
    /// </summary>
    private static string? ApiAssembly()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (bin.Parent?.Parent?.Parent?.Parent is not { } root)
        {
            return null;
        }

        var apiBin = new DirectoryInfo(Path.Combine(root.FullName, "Orders.Api", "bin"));
        if (!apiBin.Exists)
        {
            return null;
        }

        return apiBin.EnumerateFiles("Orders.Api.dll", SearchOption.AllDirectories)
            .Where(file => file.Directory?.Name == bin.Name)
            .OrderByDescending(file => file.Directory?.Parent?.Name == bin.Parent!.Name)
            .ThenByDescending(file => file.LastWriteTimeUtc)
            .Select(file => file.FullName)
            .FirstOrDefault();
    }
}
