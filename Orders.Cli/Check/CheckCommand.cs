using Npgsql;
using Spectre.Console;

namespace Orders.Cli.Check;

/// <summary>
/// `check`: reads the system of record directly and reports every invariant of "Failure semantics" as held or broken,
/// with the offending rows. Exit code 0 when all hold, 1 when one is broken, 2 when the database cannot be read.
/// </summary>
public static class CheckCommand
{
    public const int AllHold = 0;
    public const int SomethingIsWrong = 1;
    public const int DatabaseUnreachable = 2;

    public static async Task<int> RunAsync(CheckSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var database = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var results = new List<InvariantResult>();
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);

            // One snapshot for every query, so figures written together (stock and its reservations) are read together;
            // read-only, so an operator's check can never change the system it inspects.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var invariant in Invariants.All)
            {
                results.Add(await InvariantQuery.RunAsync(connection, invariant, settings.StuckAfter, cancellationToken));
            }
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            console.MarkupLineInterpolated(
                $"[red]Cannot check database '{database.Database}' on {database.Host}:{database.Port}: {e.Message}[/]");
            console.MarkupLineInterpolated(
                $"Is PostgreSQL up (scripts/orders.sh status) and migrated? Pass --database or set {CheckSettings.DatabaseVariable}.");
            return DatabaseUnreachable;
        }

        CheckReport.Write(console, database, settings.StuckAfter, results);
        return results.TrueForAll(result => result.Holds) ? AllHold : SomethingIsWrong;
    }
}
