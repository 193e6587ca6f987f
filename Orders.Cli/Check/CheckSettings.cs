using System.Globalization;
using Npgsql;
using Spectre.Console;

namespace Orders.Cli.Check;

/// <summary>The check's options: which database to read, and how long a transition may take before it counts as stuck.</summary>
public sealed record CheckSettings(string ConnectionString, TimeSpan StuckAfter)
{
    public const string DatabaseVariable = "ORDERS_CHECK_DATABASE";

    public const string DevelopmentConnectionString = "Host=127.0.0.1;Port=5432;Database=orders;Username=orders;Password=orders";

    /// <summary>Every healthy transition ends within seconds; five minutes leaves room for retries and a slow restart.</summary>
    public static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(5);

    public static void PrintUsage(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine("check [--database CONNECTION-STRING] [--stuck-after HH:MM:SS]");
        console.WriteLine("  Reads PostgreSQL and reports every invariant (progress, stock, double effects, outboxes) with its");
        console.WriteLine("  offending rows; exit code 0 when all hold, 1 when one is broken, 2 when the database cannot be read.");
        console.WriteLine($"  --database     an Npgsql connection string (default ${DatabaseVariable}, else the development database)");
        console.WriteLine($"  --stuck-after  grace period for transitions in flight (default {DefaultStuckAfter})");
    }

    public static CheckSettings Parse(IReadOnlyList<string> args)
    {
        var options = CommandLine.Parse(args, "--database", "--stuck-after");
        var fromEnvironment = Environment.GetEnvironmentVariable(DatabaseVariable);
        var connectionString = options["--database"]
            ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? DevelopmentConnectionString : fromEnvironment);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--database is not an Npgsql connection string: {e.Message}", e);
        }

        var stuckAfter = DefaultStuckAfter;
        if (options["--stuck-after"] is { } text)
        {
            stuckAfter = TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
                ? value
                : throw new UsageException($"--stuck-after must be a positive duration such as 00:05:00, not '{text}'");
        }

        return new CheckSettings(connectionString, stuckAfter);
    }
}
