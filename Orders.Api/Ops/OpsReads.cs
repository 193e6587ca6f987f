using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orders.Api.Data;
using Orders.Api.Orders;
using Orders.Contracts;
using Orders.Contracts.ReadModel;

namespace Orders.Api.Ops;

/// <summary>
/// The console's reads: the Api's own orders joined with the saga's progress, and, for one order, the read-only views
/// the other services made for the console (<see cref="OpsViews"/>). Each view is one statement; nothing here writes.
/// </summary>
internal sealed class OpsReads(NpgsqlDataSource database, IOptions<OpsOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Progress =
        $"""
        FROM {OrderingDbContext.Schema}.orders o
        LEFT JOIN {OrderProgressView.QualifiedName} p ON p.order_id = o.id
        """;

    private const string Recent =
        $"""
        SELECT o.id, coalesce(p.status, 'Submitted'), p.cancellation_reason, o.customer_id, o.created_at, coalesce(p.updated_at, o.created_at)
        {Progress}
        WHERE ($1::text IS NULL OR coalesce(p.status, 'Submitted') = $1)
          AND ($2::text IS NULL OR p.cancellation_reason = $2)
          AND ($3::text IS NULL OR o.id::text LIKE $3 || '%')
        ORDER BY o.position DESC
        LIMIT $4
        """;

    private const string Counts = $"SELECT coalesce(p.status, 'Submitted'), count(*) {Progress} GROUP BY 1";

    private const string StuckCount =
        $"""
        SELECT count(*) {Progress}
        WHERE coalesce(p.status, 'Submitted') NOT IN ('{OrderStatus.Completed}', '{OrderStatus.Cancelled}')
          AND coalesce(p.updated_at, o.created_at) < $1
        """;

    private const string One =
        $"""
        SELECT o.id, o.customer_id, coalesce(p.status, 'Submitted'), p.cancellation_reason, o.total, o.currency, o.created_at,
               coalesce(p.updated_at, o.created_at), p.timeline, o.trace_id
        {Progress}
        WHERE o.id = $1
        """;

    private const string Saga =
        $"""
        SELECT s.current_state, s.created_at, s.updated_at, s.payment_timeout_token_id,
               (SELECT min(t.enqueue_time) FROM workflow.{OpsViews.Outbox} t WHERE t.scheduling_token_id = s.payment_timeout_token_id)
        FROM {OpsViews.OrderStates} s WHERE s.order_id = $1
        """;

    private const string Payment =
        $"SELECT status, payment_id, decline_reason, amount, currency, created_at, refund_id, refunded_amount, refunded_at FROM {OpsViews.Payments} WHERE order_id = $1";

    private const string Shipment = $"SELECT tracking_number, failure_reason, country, created_at FROM {OpsViews.Shipments} WHERE order_id = $1";

    private const string Reservation = $"SELECT status, created_at, expires_at, updated_at, lines FROM {OpsViews.Reservations} WHERE order_id = $1";

    public TimeSpan StuckAfter => options.Value.StuckAfter;

    public async Task<LiveOrdersBody> LiveAsync(string? status, string? reason, string? search, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stuckBefore = now - StuckAfter;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var orders = new List<LiveOrderBody>(limit);
        await using (var command = new NpgsqlCommand(Recent, connection))
        {
            command.Parameters.Add(Text(status));
            command.Parameters.Add(Text(reason));
            command.Parameters.Add(Text(search?.Trim().ToLowerInvariant()));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var current = reader.GetString(1);
                var updatedAt = reader.GetFieldValue<DateTime>(5);
                orders.Add(new LiveOrderBody(
                    reader.GetGuid(0), current, reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<DateTime>(4), updatedAt, Math.Round((now - updatedAt).TotalSeconds, 1),
                    IsStuck(current, updatedAt, stuckBefore)));
            }
        }

        var counts = OrderStatus.All.ToDictionary(name => name, _ => 0L, StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(Counts, connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var stuck = await CountStuckAsync(connection, stuckBefore, cancellationToken);
        return new LiveOrdersBody(now, StuckAfter, counts, stuck, orders);
    }

    /// <summary>Orders in one non-final status for longer than <see cref="OpsOptions.StuckAfter"/>.</summary>
    public async Task<long> CountStuckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await CountStuckAsync(connection, clock.GetUtcNow().UtcDateTime - StuckAfter, cancellationToken);
    }

    public async Task<OrderDetailBody?> OrderAsync(Guid id, CancellationToken cancellationToken)
    {
        var stuckBefore = clock.GetUtcNow().UtcDateTime - StuckAfter;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        string customerId, status, currency;
        string? reason, traceId;
        decimal total;
        DateTime createdAt, updatedAt;
        List<TimelineEntryBody> timeline;
        await using (var command = ById(One, connection, id))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            customerId = reader.GetString(1);
            status = reader.GetString(2);
            reason = reader.IsDBNull(3) ? null : reader.GetString(3);
            total = reader.GetDecimal(4);
            currency = reader.GetString(5);
            createdAt = reader.GetFieldValue<DateTime>(6);
            updatedAt = reader.GetFieldValue<DateTime>(7);
            timeline = reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize<List<TimelineEntryBody>>(reader.GetString(8), Json)!;
            traceId = reader.IsDBNull(9) ? null : reader.GetString(9).Trim();
        }

        if (!timeline.Exists(entry => entry.Status == OrderStatus.Submitted))
        {
            timeline.Insert(0, new TimelineEntryBody(OrderStatus.Submitted, createdAt, null));
        }

        var saga = await ReadOneAsync(connection, Saga, id, row => new SagaBody(
            row.GetString(0), row.GetFieldValue<DateTime>(1), row.GetFieldValue<DateTime>(2),
            row.IsDBNull(3) ? null : row.GetGuid(3), row.IsDBNull(4) ? null : row.GetFieldValue<DateTime>(4)), cancellationToken);
        var payment = await ReadOneAsync(connection, Payment, id, row => new PaymentBody(
            row.GetString(0), NullableText(row, 1), NullableText(row, 2), row.GetDecimal(3), row.GetString(4), row.GetFieldValue<DateTime>(5),
            NullableText(row, 6), row.IsDBNull(7) ? null : row.GetDecimal(7), row.IsDBNull(8) ? null : row.GetFieldValue<DateTime>(8)), cancellationToken);
        var shipment = await ReadOneAsync(connection, Shipment, id, row => new ShipmentBody(
            NullableText(row, 0), NullableText(row, 1), row.GetString(2), row.GetFieldValue<DateTime>(3)), cancellationToken);
        var reservation = await ReadOneAsync(connection, Reservation, id, row => new ReservationBody(
            row.GetString(0), row.GetFieldValue<DateTime>(1), row.GetFieldValue<DateTime>(2), row.GetFieldValue<DateTime>(3),
            row.IsDBNull(4) ? [] : JsonSerializer.Deserialize<List<ReservedLineBody>>(row.GetString(4), Json)!), cancellationToken);

        var traceUrl = traceId is not null && options.Value.TraceUrl is { Length: > 0 } template
            ? template.Replace("{traceId}", traceId, StringComparison.Ordinal)
            : null;
        return new OrderDetailBody(
            id, customerId, status, reason, total, currency, createdAt, IsStuck(status, updatedAt, stuckBefore), timeline,
            saga, payment, shipment, reservation, traceId, traceUrl);
    }

    /// <summary>Each service's outbox: rows waiting to go out now, the oldest one's age, and what is scheduled soon.</summary>
    public async Task<List<OutboxBody>> OutboxesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var outboxes = new List<OutboxBody>();
        foreach (var (service, schema) in OpsViews.Outboxes)
        {
            // Schema names are constants of OpsViews, never input.
            long pending;
            DateTime? oldest;
            await using (var command = new NpgsqlCommand(
                $"SELECT count(*), min(sent_time) FROM {schema}.{OpsViews.Outbox} WHERE enqueue_time IS NULL OR enqueue_time <= $1", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                pending = reader.GetInt64(0);
                oldest = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTime>(1);
            }

            var dueSoon = new List<ScheduledBody>();
            await using (var command = new NpgsqlCommand(
                $"SELECT message_type, destination_address, enqueue_time FROM {schema}.{OpsViews.Outbox} WHERE enqueue_time > $1 AND enqueue_time <= $2 ORDER BY enqueue_time LIMIT 20",
                connection))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now + options.Value.DueSoon });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    dueSoon.Add(new ScheduledBody(NullableText(reader, 0), reader.GetString(1), reader.GetFieldValue<DateTime>(2)));
                }
            }

            outboxes.Add(new OutboxBody(service, schema, pending, oldest, oldest is { } at ? Math.Round((now - at).TotalSeconds, 1) : null, dueSoon));
        }

        return outboxes;
    }

    private static bool IsStuck(string status, DateTime since, DateTime stuckBefore) => !OrderStatus.IsFinal(status) && since < stuckBefore;

    private static async Task<long> CountStuckAsync(NpgsqlConnection connection, DateTime stuckBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(StuckCount, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = stuckBefore });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<T?> ReadOneAsync<T>(NpgsqlConnection connection, string sql, Guid id, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = ById(sql, connection, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    private static NpgsqlCommand ById(string sql, NpgsqlConnection connection, Guid id)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return command;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = string.IsNullOrWhiteSpace(value) ? DBNull.Value : value, NpgsqlDbType = NpgsqlDbType.Text };

    private static string? NullableText(NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
