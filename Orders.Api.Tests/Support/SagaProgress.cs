using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orders.Contracts;
using Orders.Contracts.ReadModel;

namespace Orders.Api.Tests.Support;

/// <summary>
/// The saga's side of <see cref="OrderProgressView"/>: writes an order's progress into <c>workflow.order_states</c> the
/// way the saga does (status, references, and one timeline entry per status reached), so a test can put an order in any
/// status without the Workers.
/// </summary>
public sealed class SagaProgress(string connectionString)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Upsert = """
        INSERT INTO workflow.order_states
            (order_id, current_state, items, total, created_at, updated_at, cancellation_reason, payment_id, tracking_number, timeline)
        VALUES (@order_id, @status, '[]', 0, @at, @at, @reason, @payment_id, @tracking_number, @entry)
        ON CONFLICT (order_id) DO UPDATE SET
            current_state = excluded.current_state,
            updated_at = excluded.updated_at,
            cancellation_reason = coalesce(excluded.cancellation_reason, order_states.cancellation_reason),
            payment_id = coalesce(excluded.payment_id, order_states.payment_id),
            tracking_number = coalesce(excluded.tracking_number, order_states.tracking_number),
            timeline = order_states.timeline || excluded.timeline
        """;

    /// <summary>The saga reached <paramref name="status"/> at <paramref name="at"/>.</summary>
    public async Task ReachAsync(
        Guid orderId, string status, DateTime at, string? cancellationReason = null, string? paymentId = null, string? trackingNumber = null)
    {
        var detail = status switch
        {
            OrderStatus.Cancelled => cancellationReason,
            OrderStatus.Paid => paymentId,
            OrderStatus.Shipped => trackingNumber,
            _ => null,
        };
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Upsert, connection);
        command.Parameters.AddWithValue("order_id", orderId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("reason", (object?)cancellationReason ?? DBNull.Value);
        command.Parameters.AddWithValue("payment_id", (object?)paymentId ?? DBNull.Value);
        command.Parameters.AddWithValue("tracking_number", (object?)trackingNumber ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("entry", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(new[] { new TimelineEntry(status, at, detail) }, Json),
        });
        await command.ExecuteNonQueryAsync();
    }
}
