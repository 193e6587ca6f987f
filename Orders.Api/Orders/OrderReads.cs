using System.Text.Json;
using Npgsql;
using Orders.Api.Data;
using Orders.Contracts;
using Orders.Contracts.ReadModel;

namespace Orders.Api.Orders;

/// <summary>
/// Reads of a customer's own orders, each in one statement: what the Api stored when it accepted the order (lines,
/// total, address), joined with the saga's progress (<see cref="OrderProgressView"/>: status, references, timeline).
/// One statement is one snapshot, so a status never disagrees with the timeline beside it, and GET shows a transition
/// as soon as the saga commits it. Someone else's order is not found, never forbidden.
/// </summary>
internal sealed class OrderReads(NpgsqlDataSource database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Until the saga has taken the order in, it has no progress row: the order is Submitted, as the Api accepted it.
    private const string Select =
        $"""
        SELECT o.id, o.position, p.status, p.cancellation_reason, o.total, o.currency,
               o.shipping_name, o.shipping_line1, o.shipping_city, o.shipping_postal_code, o.shipping_country,
               o.created_at, p.updated_at, p.payment_id, p.tracking_number, p.timeline,
               (SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unitPrice', i.unit_price) ORDER BY i.line_number)
                FROM {OrderingDbContext.Schema}.order_items i WHERE i.order_id = o.id)
        FROM {OrderingDbContext.Schema}.orders o
        LEFT JOIN {OrderProgressView.QualifiedName} p ON p.order_id = o.id
        """;

    private const string One = Select + " WHERE o.id = $1 AND o.customer_id = $2";

    private const string Page =
        Select +
        """
         WHERE o.customer_id = $1
           AND ($2::text IS NULL OR coalesce(p.status, 'Submitted') = $2)
           AND ($3::bigint IS NULL OR o.position < $3)
         ORDER BY o.position DESC
         LIMIT $4
        """;

    public async Task<OrderBody?> FindOwnAsync(Guid orderId, string customerId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(One);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = orderId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader).Order : null;
    }

    /// <summary>Up to <paramref name="limit"/> orders, newest first, each with its keyset position.</summary>
    public async Task<List<(OrderBody Order, long Position)>> PageAsync(
        string customerId, string? status, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(Page);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<(OrderBody, long)>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(Read(reader));
        }

        return page;
    }

    private static (OrderBody Order, long Position) Read(NpgsqlDataReader row)
    {
        var createdAt = row.GetFieldValue<DateTime>(11);
        var timeline = row.IsDBNull(15) ? [] : JsonSerializer.Deserialize<List<TimelineEntryBody>>(row.GetString(15), Json)!;
        if (!timeline.Exists(entry => entry.Status == OrderStatus.Submitted))
        {
            // A cancellation that overtook the submission, or a saga that has not taken the order in yet.
            timeline.Insert(0, new TimelineEntryBody(OrderStatus.Submitted, createdAt, null));
        }

        var address = row.IsDBNull(6)
            ? null
            : new ShippingAddressBody(row.GetString(6), row.GetString(7), row.GetString(8), row.GetString(9), row.GetString(10));
        var order = new OrderBody(
            row.GetGuid(0),
            row.IsDBNull(2) ? OrderStatus.Submitted : row.GetString(2),
            row.IsDBNull(3) ? null : row.GetString(3),
            row.IsDBNull(16) ? [] : JsonSerializer.Deserialize<List<OrderItemBody>>(row.GetString(16), Json)!,
            row.GetDecimal(4),
            row.GetString(5),
            address,
            createdAt,
            row.IsDBNull(12) ? createdAt : row.GetFieldValue<DateTime>(12),
            row.IsDBNull(13) ? null : row.GetString(13),
            row.IsDBNull(14) ? null : row.GetString(14),
            timeline);
        return (order, row.GetInt64(1));
    }
}
