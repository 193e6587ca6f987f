using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Reservations;

/// <summary>The order will not ship: its reserved units become available again. Idempotent; refused after a commit.</summary>
public sealed class ReleaseReservation(InventoryDbContext db, TimeProvider clock, ILogger<ReleaseReservation> logger)
{
    public async Task<ReservationReply> HandleAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var violations = new RequestViolations();
        var orderId = violations.OrderId(request.OrderId);
        violations.ThrowIfAny();

        // Same lock order as a commit and the sweeper: the reservation row, then its stock rows in SKU order.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reservation = await db.LockReservationAsync(orderId, cancellationToken)
            ?? throw InventoryErrors.ReservationNotFound(orderId);
        switch (reservation.State)
        {
            case ReservationState.Released:
                return reservation.ToReservationReply();
            case ReservationState.Committed:
                throw InventoryErrors.ReservationCommitted(orderId);
        }

        var stock = await db.LockStockAsync(reservation.Lines.Select(line => line.Sku), cancellationToken);
        reservation.Release(stock, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Released the reservation of order {OrderId}", orderId);
        return reservation.ToReservationReply();
    }
}
