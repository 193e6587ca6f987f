using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orders.Inventory.Data;

namespace Orders.Inventory.Reservations;

/// <summary>
/// The backstop for a crash between reserving stock and storing the order: gives back the stock of reservations
/// nobody committed or released before they expired. In a healthy system it never fires, so each release is a warning.
/// </summary>
public sealed class ReservationSweeper(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    InventoryMetrics metrics,
    ILogger<ReservationSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var now = clock.GetUtcNow();
        var reserved = nameof(ReservationState.Reserved);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // SKIP LOCKED: another replica's sweeper takes other rows, and a reservation being committed or released
        // right now is left to that call instead of being waited for.
        var expired = await db.Reservations
            .FromSql($"""
                SELECT * FROM inventory.reservations
                WHERE status = {reserved} AND expires_at <= {now}
                ORDER BY expires_at
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return 0;
        }

        var orderIds = expired.Select(reservation => reservation.OrderId).ToArray();
        await db.ReservationLines.Where(line => orderIds.Contains(line.OrderId)).LoadAsync(cancellationToken);
        var stock = await db.LockStockAsync(expired.SelectMany(reservation => reservation.Lines).Select(line => line.Sku), cancellationToken);
        foreach (var reservation in expired)
        {
            reservation.Release(stock, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var reservation in expired)
        {
            logger.LogWarning(
                "Released the reservation of order {OrderId}: it expired at {ExpiresAt} without being committed or released",
                reservation.OrderId,
                reservation.ExpiresAt);
            metrics.ReservationExpired();
        }

        return expired.Count;
    }
}
