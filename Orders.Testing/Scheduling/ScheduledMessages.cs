using Npgsql;

namespace Orders.Testing.Scheduling;

/// <summary>
/// For services running in processes of their own, whose clock a test cannot move: makes one scheduled message due now
/// by moving its due time, so the service's scheduler delivers it at its next look (within its poll interval). This is
/// the one place where a test touches the schedule rather than the clock; hosts in the test process run on a
/// <c>FakeTimeProvider</c> instead.
/// </summary>
public static class ScheduledMessages
{
    /// <summary>Makes the message scheduled with <paramref name="schedulingTokenId"/> due; returns how many rows it moved (0 or 1).</summary>
    /// <param name="connectionString">The service's database.</param>
    /// <param name="schema">The schema of the service's <c>outbox_messages</c> table (a name from the test, never input).</param>
    /// <param name="schedulingTokenId">The token the scheduler gave the message (a saga keeps it, e.g. <c>PaymentTimeoutTokenId</c>).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public static async Task<int> DueNowAsync(string connectionString, string schema, Guid schedulingTokenId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"UPDATE \"{schema}\".outbox_messages SET enqueue_time = @now WHERE scheduling_token_id = @token AND enqueue_time > @now", connection);
        command.Parameters.AddWithValue("now", DateTime.UtcNow);
        command.Parameters.AddWithValue("token", schedulingTokenId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
