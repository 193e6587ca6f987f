using Npgsql;
using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Reservations;

/// <summary>The order will not ship: its reserved units become available again. Idempotent; refused after a commit.</summary>
public sealed class ReleaseReservation(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<ReleaseReservation> logger)
{
    /// <summary>
    /// One statement on its own, with the lock order of a commit and the sweeper: the reservation row, then its stock
    /// rows in SKU order; only a reservation still Reserved changes. Returns the status the reservation had before, or
    /// no row when the order has none.
    /// </summary>
    private const string Sql = """
        WITH reservation AS (
            SELECT order_id, status FROM inventory.reservations WHERE order_id = @order_id FOR UPDATE
        ),
        lines AS (
            SELECT line.sku, line.quantity
            FROM inventory.reservation_lines AS line
            JOIN reservation USING (order_id)
            WHERE reservation.status = 'Reserved'
        ),
        locked AS (
            SELECT stock.sku FROM inventory.stock JOIN lines USING (sku) ORDER BY stock.sku FOR UPDATE OF stock
        ),
        given_back AS (
            UPDATE inventory.stock
            SET reserved = stock.reserved - lines.quantity
            FROM locked JOIN lines USING (sku)
            WHERE stock.sku = locked.sku
        ),
        released AS (
            UPDATE inventory.reservations
            SET status = 'Released', updated_at = @now
            FROM reservation
            WHERE reservations.order_id = reservation.order_id AND reservation.status = 'Reserved'
        )
        SELECT status FROM reservation
        """;

    public async Task<ReservationReply> HandleAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var violations = new RequestViolations();
        var orderId = violations.OrderId(request.OrderId);
        violations.ThrowIfAny();

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("order_id", orderId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()));
        var before = await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw InventoryErrors.ReservationNotFound(orderId);
        switch (Enum.Parse<ReservationState>(before))
        {
            case ReservationState.Committed:
                throw InventoryErrors.ReservationCommitted(orderId);
            case ReservationState.Reserved:
                logger.LogInformation("Released the reservation of order {OrderId}", orderId);
                break;
        }

        return new ReservationReply { OrderId = orderId.ToString(), Status = ReservationStatus.Released };
    }
}
