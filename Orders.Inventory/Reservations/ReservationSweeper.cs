using Microsoft.Extensions.Options;
using Npgsql;

namespace Orders.Inventory.Reservations;

/// <summary>
/// The backstop for a crash between reserving stock and storing the order: gives back the stock of reservations
/// nobody committed or released before they expired. In a healthy system it never fires, so each release is a warning.
/// </summary>
public sealed class ReservationSweeper(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    InventoryMetrics metrics,
    ILogger<ReservationSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>
    /// One batch in one statement on its own, with the lock order of a commit and a release: the reservation rows, then
    /// the stock rows in SKU order. SKIP LOCKED: another replica's sweeper takes other rows, and a reservation being
    /// committed or released right now is left to that call instead of being waited for.
    /// </summary>
    private const string Sql = """
        WITH expired AS (
            SELECT order_id, expires_at
            FROM inventory.reservations
            WHERE status = 'Reserved' AND expires_at <= @now
            ORDER BY expires_at
            LIMIT @batch_size
            FOR UPDATE SKIP LOCKED
        ),
        -- Summed per SKU: an UPDATE applies at most one joined row to each stock row.
        lines AS (
            SELECT line.sku, sum(line.quantity)::int AS quantity
            FROM inventory.reservation_lines AS line
            JOIN expired USING (order_id)
            GROUP BY line.sku
        ),
        locked AS (
            SELECT stock.sku FROM inventory.stock JOIN lines USING (sku) ORDER BY stock.sku FOR UPDATE OF stock
        ),
        given_back AS (
            UPDATE inventory.stock
            SET reserved = stock.reserved - lines.quantity
            FROM locked JOIN lines USING (sku)
            WHERE stock.sku = locked.sku
        )
        UPDATE inventory.reservations
        SET status = 'Released', updated_at = @now
        FROM expired
        WHERE reservations.order_id = expired.order_id
        RETURNING reservations.order_id, reservations.expires_at
        """;

    /// <summary>Releases every reservation expired by now, batch by batch; returns how many it released.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        int batch;
        do
        {
            batch = await SweepBatchAsync(cancellationToken);
            released += batch;
        }
        while (batch == BatchSize);

        return released;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Sweeping expired reservations failed; the next pass is in {SweepInterval}", options.Value.SweepInterval);
            }

            await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
        }
    }

    private async Task<int> SweepBatchAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()));
        command.Parameters.Add(new NpgsqlParameter<int>("batch_size", BatchSize));

        var released = new List<(Guid OrderId, DateTimeOffset ExpiresAt)>(BatchSize);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                released.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        // Told once the statement has ended, so only releases that were committed are counted.
        foreach (var (orderId, expiresAt) in released)
        {
            logger.LogWarning(
                "Released the reservation of order {OrderId}: it expired at {ExpiresAt} without being committed or released",
                orderId,
                expiresAt);
            metrics.ReservationExpired();
        }

        return released.Count;
    }
}
