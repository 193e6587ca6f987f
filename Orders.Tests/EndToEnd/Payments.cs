using Npgsql;
using Orders.Testing;

namespace Orders.Tests.EndToEnd;

/// <summary>What the payments service stored and what the simulated gateway's ledger (the bank) shows, read straight from the Workers' payments schema.</summary>
public static class Payments
{
    /// <summary>How many times the gateway took money for the order.</summary>
    public static Task<long> ChargesOfAsync(TestDatabase database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.gateway_ledger WHERE idempotency_key = @order AND kind = 'charge'", orderId);

    /// <summary>How many times the gateway gave the order's money back.</summary>
    public static Task<long> GatewayRefundsOfAsync(TestDatabase database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.gateway_ledger WHERE idempotency_key = @order AND kind = 'refund'", orderId);

    public static Task<long> RefundsOfAsync(TestDatabase database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.refunds WHERE order_id = @order", orderId);

    private static async Task<long> CountAsync(TestDatabase database, string sql, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("order", orderId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
