using Npgsql;

namespace Orders.Tests.Faults;

/// <summary>What the system did, read straight from PostgreSQL: effects per order and stock per SKU.</summary>
public static class Effects
{
    /// <summary>Status, approved charges, refunds and shipments that left (with a tracking number) of every order.</summary>
    public static async Task<IReadOnlyDictionary<Guid, OrderEffects>> PerOrderAsync(string database)
    {
        const string Sql = """
            SELECT o.id, coalesce(w.current_state, 'Submitted'),
                   (SELECT count(*) FROM payments.payments p WHERE p.order_id = o.id AND p.status = 'Approved')::int,
                   (SELECT count(*) FROM payments.refunds r WHERE r.order_id = o.id)::int,
                   (SELECT count(*) FROM shipping.shipments s WHERE s.order_id = o.id AND s.tracking_number IS NOT NULL)::int
            FROM ordering.orders o
            LEFT JOIN workflow.order_states w ON w.order_id = o.id
            """;
        var effects = new Dictionary<Guid, OrderEffects>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            effects[reader.GetGuid(0)] = new OrderEffects(reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        }

        return effects;
    }

    /// <summary>On hand, reserved, and committed by reservations, of one SKU.</summary>
    public static async Task<(int OnHand, int Reserved, int Committed)> StockAsync(string database, string sku)
    {
        const string Sql = """
            SELECT s.on_hand, s.reserved,
                   coalesce((SELECT sum(l.quantity) FROM inventory.reservation_lines l
                             JOIN inventory.reservations r ON r.order_id = l.order_id
                             WHERE l.sku = s.sku AND r.status = 'Committed'), 0)::int
            FROM inventory.stock s WHERE s.sku = @sku
            """;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("sku", sku);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"{sku} is in stock");
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>Outbox rows of the Api not yet handed to the broker.</summary>
    public static async Task<long> PendingApiOutboxAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM ordering.outbox_messages WHERE enqueue_time IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Orders in a final status, as the saga holds them.</summary>
    public static async Task<long> FinalOrdersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM workflow.order_states WHERE current_state IN ('Completed', 'Cancelled')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed record OrderEffects(string Status, int Charges, int Refunds, int Shipments);
