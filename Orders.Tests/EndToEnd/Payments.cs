using Npgsql;
using Orders.Testing;

namespace Orders.Tests.EndToEnd;

/// <summary>What the simulated gateway recorded: read straight from the Workers' payments schema.</summary>
public static class Payments
{
    public static Task<long> ChargesOfAsync(TestDatabase database, Guid orderId) =>
        CountAsync(database, "SELECT count(*) FROM payments.payments WHERE order_id = @order", orderId);

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
