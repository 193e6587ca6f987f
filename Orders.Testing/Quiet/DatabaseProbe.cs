using Npgsql;

namespace Orders.Testing.Quiet;

/// <summary>
/// Reads the database of the system: open transactions of other sessions (a consumer runs inside one, from its inbox row
/// to its commit, in whichever process it runs), and every <c>outbox_messages</c> table (one per service schema): rows
/// waiting to be delivered now, and scheduled rows that the clock has made due. Rows scheduled for later are not
/// activity: they wait for the clock.
/// </summary>
internal sealed class DatabaseProbe(string connectionString)
{
    private const string Tables = "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages' ORDER BY 1";

    private const string Transactions =
        "SELECT coalesce(nullif(application_name, ''), 'pid ' || pid), state, left(query, 120) FROM pg_stat_activity " +
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND state <> 'idle'";

    private List<string> _schemas = [];

    public async Task<IReadOnlyList<string>> BusyAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_schemas.Count == 0)
        {
            // Read until found, then kept: the services' schemas exist once they are migrated.
            _schemas = await SchemasAsync(connection, cancellationToken);
        }

        var busy = new List<string>();
        await using (var sessions = new NpgsqlCommand(Transactions, connection))
        await using (var reader = await sessions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                busy.Add($"database session {reader.GetString(0)}: {reader.GetString(1)}, {reader.GetString(2)}");
            }
        }

        foreach (var schema in _schemas)
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

    private static async Task<List<string>> SchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var schemas = new List<string>();
        await using var tables = new NpgsqlCommand(Tables, connection);
        await using var reader = await tables.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }

    private static string FirstType(string? messageTypes) =>
        messageTypes?.Split(';', 2)[0].Replace("urn:message:", string.Empty, StringComparison.Ordinal) ?? "(no type)";
}
