using Npgsql;

namespace Orders.Testing.Quiet;

/// <summary>
/// Reads every <c>outbox_messages</c> table of a database (one per service schema): rows waiting to be delivered now,
/// and scheduled rows that the clock has made due. Rows scheduled for later are not activity: they wait for the clock.
/// </summary>
internal static class OutboxProbe
{
    private const string Tables = "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages' ORDER BY 1";

    public static async Task<IReadOnlyList<string>> BusyAsync(string connectionString, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var schemas = new List<string>();
        await using (var tables = new NpgsqlCommand(Tables, connection))
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        var busy = new List<string>();
        foreach (var schema in schemas)
        {
            // Schema names come from the catalogue, not from input.
            await using var rows = new NpgsqlCommand(
                $"SELECT enqueue_time IS NOT NULL, message_type, destination_address FROM \"{schema}\".outbox_messages " +
                "WHERE enqueue_time IS NULL OR enqueue_time <= @now ORDER BY sequence_number LIMIT 20", connection);
            rows.Parameters.AddWithValue("now", now);
            await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = reader.GetBoolean(0) ? "scheduled and due" : "pending";
                busy.Add($"outbox {schema}: {kind} {FirstType(reader.IsDBNull(1) ? null : reader.GetString(1))} to {reader.GetString(2)}");
            }
        }

        return busy;
    }

    private static string FirstType(string? messageTypes) =>
        messageTypes?.Split(';', 2)[0].Replace("urn:message:", string.Empty, StringComparison.Ordinal) ?? "(no type)";
}
