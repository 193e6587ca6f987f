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

    /// <summary>Polls a count until it reaches <paramref name="expected"/> or a deadline passes; returns the last value.</summary>
    public static async Task<long> EventuallyAsync(Func<Task<long>> count, long expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        long value;
        while ((value = await count()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return value;
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("order", orderId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
