using Npgsql;
using Orders.Contracts;

namespace Orders.Benchmarks.Load;

/// <summary>
/// What became of the run's orders, read from the Api's orders and the saga's instances after the load (so reading never competes with it):
/// each order's submission time and, from the saga's timeline, when it became Completed — both written by the services,
/// so submit → Completed is the system's own measure, not the client's polling interval.
/// </summary>
public static class OrderOutcomes
{
    private const string Query =
        $"""
        SELECT o.id, o.created_at, coalesce(s.current_state, '{OrderStatus.Submitted}'), s.cancellation_reason,
               (SELECT (entry->>'at')::timestamptz FROM jsonb_array_elements(s.timeline) entry
                WHERE entry->>'status' = '{OrderStatus.Completed}' LIMIT 1)
        FROM ordering.orders o
        LEFT JOIN workflow.order_states s ON s.order_id = o.id
        """;

    private const string InFlight =
        $"""
        SELECT count(*) FROM ordering.orders o
        LEFT JOIN workflow.order_states s ON s.order_id = o.id
        WHERE s.current_state IS DISTINCT FROM '{OrderStatus.Completed}' AND s.current_state IS DISTINCT FROM '{OrderStatus.Cancelled}'
        """;

    /// <summary>Waits until no order is in flight, or the deadline passes; returns the orders still in flight.</summary>
    public static async Task<long> DrainAsync(string connectionString, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var inFlight = await RetriedAsync(async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(InFlight, connection);
                return (long)(await command.ExecuteScalarAsync())!;
            });
            if (inFlight == 0 || DateTime.UtcNow > until)
            {
                return inFlight;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public static Task<IReadOnlyList<OrderOutcome>> ReadAsync(string connectionString) => RetriedAsync(() => ReadOnceAsync(connectionString));

    // On a shared server another session may end this one's backend; the read is repeated, not the run lost.
    private static async Task<T> RetriedAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (NpgsqlException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<IReadOnlyList<OrderOutcome>> ReadOnceAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var outcomes = new List<OrderOutcome>();
        while (await reader.ReadAsync())
        {
            outcomes.Add(new OrderOutcome(
                reader.GetGuid(0),
                reader.GetDateTime(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDateTime(4)));
        }

        return outcomes;
    }
}

public sealed record OrderOutcome(Guid Id, DateTime SubmittedAt, string Status, string? CancellationReason, DateTime? CompletedAt);
