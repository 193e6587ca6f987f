using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Reservations;

/// <summary>The order shipped: its reserved units leave the warehouse. Idempotent; refused after a release.</summary>
public sealed class CommitReservation(InventoryDbContext db, TimeProvider clock, ILogger<CommitReservation> logger)
{
    public async Task<ReservationReply> HandleAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var violations = new RequestViolations();
        var orderId = violations.OrderId(request.OrderId);
        violations.ThrowIfAny();

        // The reservation row is locked first, then its stock rows, so a commit, a release and the sweeper
        // racing for the same order apply exactly one of them.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reservation = await db.LockReservationAsync(orderId, cancellationToken)
            ?? throw InventoryErrors.ReservationNotFound(orderId);
        switch (reservation.State)
        {
            case ReservationState.Committed:
                return reservation.ToReservationReply();
            case ReservationState.Released:
                throw InventoryErrors.ReservationReleased(orderId);
        }

        var stock = await db.LockStockAsync(reservation.Lines.Select(line => line.Sku), cancellationToken);
        reservation.Commit(stock, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Committed the reservation of order {OrderId}", orderId);
        return reservation.ToReservationReply();
    }
}
