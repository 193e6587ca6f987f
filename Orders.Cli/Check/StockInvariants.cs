namespace Orders.Cli.Check;

/// <summary>Stock is conserved: what is reserved is exactly what open reservations hold, and a final order holds nothing.</summary>
public static class StockInvariants
{
    // Inventory changes a reservation and the stock row in one transaction, and the check reads one snapshot,
    // so no grace period is needed here.
    public static readonly Invariant ReservedMatchesReservations = new(
        "Stock reserved = open reservations, 0 <= reserved <= on_hand",
        """
        SELECT s.sku, s.on_hand, s.reserved, coalesce(held.quantity, 0) AS held_by_reservations
        FROM inventory.stock s
        LEFT JOIN (
            SELECT l.sku, sum(l.quantity) AS quantity
            FROM inventory.reservation_lines l
            JOIN inventory.reservations r ON r.order_id = l.order_id
            WHERE r.status = 'Reserved'
            GROUP BY l.sku
        ) held ON held.sku = s.sku
        WHERE s.reserved <> coalesce(held.quantity, 0) OR s.reserved < 0 OR s.reserved > s.on_hand
        ORDER BY s.sku
        """);

    // The order becomes final in the saga before Inventory hears of it, hence the grace period.
    public static readonly Invariant FinalOrdersSettledTheirReservation = new(
        "Final orders settled their reservation (Completed: Committed, Cancelled: Released)",
        """
        SELECT s.order_id, s.current_state AS order_status, r.status AS reservation_status, s.updated_at
        FROM workflow.order_states s
        JOIN inventory.reservations r ON r.order_id = s.order_id
        WHERE s.updated_at < now() - @stuck_after
          AND ((s.current_state = 'Completed' AND r.status <> 'Committed') OR (s.current_state = 'Cancelled' AND r.status <> 'Released'))
        ORDER BY s.updated_at
        """);
}
