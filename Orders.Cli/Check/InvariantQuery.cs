using System.Globalization;
using Npgsql;

namespace Orders.Cli.Check;

/// <summary>Runs one invariant's query and keeps what a person can read: the first rows, and how many there are.</summary>
public static class InvariantQuery
{
    public const int ShownRows = 20;

    public static async Task<InvariantResult> RunAsync(
        NpgsqlConnection connection, Invariant invariant, TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invariant);

        // The window counts every offending row before the limit cuts the list short.
        var sql = $"SELECT offending.*, count(*) OVER () AS offending_count FROM ({invariant.Sql}) offending LIMIT {ShownRows}";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("stuck_after", stuckAfter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount - 1).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<string>>();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(columns.Select((_, i) => Text(reader.GetValue(i))).ToList());
            count = reader.GetInt64(columns.Count);
        }

        return new InvariantResult(invariant, columns, rows, count);
    }

    private static string Text(object value) => value switch
    {
        DBNull => "",
        DateTime at => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        TimeSpan age => age.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
