using Npgsql;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// What the payments service stored and what the simulated gateway's ledger (the bank) shows, read straight from the
/// Workers' payments schema of the system's database.
/// </summary>
public static class Payments
{
    /// <summary>How many times the gateway took money for the order.</summary>
    public static Task<long> ChargesOfAsync(string database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.gateway_ledger WHERE idempotency_key = @order AND kind = 'charge'", orderId);

    /// <summary>How many times the gateway gave the order's money back.</summary>
    public static Task<long> GatewayRefundsOfAsync(string database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.gateway_ledger WHERE idempotency_key = @order AND kind = 'refund'", orderId);

    public static Task<long> RefundsOfAsync(string database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.refunds WHERE order_id = @order", orderId);

    /// <summary>The scheduling token of the order's pending reconciliation in the payments outbox, if there is one.</summary>
    public static async Task<Guid?> ReconciliationOfAsync(string database, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT scheduling_token_id FROM payments.outbox_messages WHERE message_type LIKE '%ReconcilePayment%' AND body LIKE '%' || @order || '%'", connection);
        command.Parameters.AddWithValue("order", orderId.ToString());
        return await command.ExecuteScalarAsync() as Guid?;
    }

    /// <summary>The scheduling token of the order's payment timeout, as the saga stored it.</summary>
    public static async Task<Guid> PaymentTimeoutOfAsync(string database, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payment_timeout_token_id FROM workflow.order_states WHERE order_id = @order", connection);
        command.Parameters.AddWithValue("order", orderId);
        return await command.ExecuteScalarAsync() as Guid? ?? throw new AssertionException($"order {orderId} has no payment timeout scheduled");
    }

    private static async Task<long> CountAsync(string database, string sql, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("order", orderId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
