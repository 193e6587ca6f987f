using Npgsql;
using Spectre.Console;

namespace Orders.Cli.Check;

/// <summary>The verdict as tables: one line per invariant, then the offending rows of each broken one.</summary>
public static class CheckReport
{
    public static void Write(IAnsiConsole console, NpgsqlConnectionStringBuilder database, TimeSpan stuckAfter, IReadOnlyList<InvariantResult> results)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(results);
        console.MarkupLineInterpolated($"Invariants of database '{database.Database}' on {database.Host}:{database.Port}, stuck after {stuckAfter}");
        var summary = new Table().AddColumn("Invariant").AddColumn("Verdict");
        foreach (var result in results)
        {
            summary.AddRow(
                new Text(result.Invariant.Name),
                result.Holds ? new Markup("[green]OK[/]") : new Markup($"[red]BROKEN: {result.Count} offending row(s)[/]"));
        }

        console.Write(summary);
        foreach (var result in results.Where(result => !result.Holds))
        {
            console.Write(Offending(result));
        }

        var broken = results.Count(result => !result.Holds);
        console.MarkupLine(broken == 0
            ? $"[green]All {results.Count} invariants hold.[/]"
            : $"[red]{broken} of {results.Count} invariants are broken.[/]");
    }

    private static Table Offending(InvariantResult result)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(result.Invariant.Name)) };
        foreach (var column in result.Columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in result.Rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        if (result.Count > result.Rows.Count)
        {
            table.Caption = new TableTitle($"… and {result.Count - result.Rows.Count} more ({result.Count} in all)");
        }

        return table;
    }
}
