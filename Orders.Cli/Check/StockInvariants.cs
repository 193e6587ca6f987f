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

    // The order becomes final in `ordering` before Inventory hears of it, hence the grace period.
    public static readonly Invariant FinalOrdersSettledTheirReservation = new(
        "Final orders settled their reservation (Completed: Committed, Cancelled: Released)",
        """
        SELECT o.id AS order_id, o.status AS order_status, r.status AS reservation_status, o.updated_at
        FROM ordering.orders o
        JOIN inventory.reservations r ON r.order_id = o.id
        WHERE o.updated_at < now() - @stuck_after
          AND ((o.status = 'Completed' AND r.status <> 'Committed') OR (o.status = 'Cancelled' AND r.status <> 'Released'))
        ORDER BY o.updated_at
        """);
}
