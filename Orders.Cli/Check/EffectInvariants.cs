namespace Orders.Cli.Check;

/// <summary>
/// No money astray and no goods sent for nothing, judged by what the outside world saw: the payment gateway's ledger
/// (<c>payments.gateway_ledger</c>, appended by the gateway, with no key that would stop a second charge) and the
/// carrier's bookings (<c>shipping.shipments</c>), against the orders' final states.
/// </summary>
public static class EffectInvariants
{
    public static readonly Invariant ChargedAtMostOnce = new(
        "The gateway charged no order twice",
        """
        SELECT idempotency_key AS order_id, count(*) AS charges, sum(amount) AS charged, max(recorded_at) AS last_charge
        FROM payments.gateway_ledger
        WHERE kind = 'charge'
        GROUP BY idempotency_key
        HAVING count(*) > 1
        ORDER BY max(recorded_at)
        """);

    // A charge is kept only by a Completed order; anything else must give the money back. A charge still on its way to
    // completion or to its refund (through the saga and the payments worker, or a reconciliation) has the grace period.
    public static readonly Invariant ChargesAreKeptOrRefunded = new(
        "Every charge belongs to a Completed order or was refunded",
        """
        SELECT c.idempotency_key AS order_id, c.reference AS payment_id, c.amount,
               coalesce(s.current_state, 'no order') AS order_status, c.recorded_at
        FROM payments.gateway_ledger c
        LEFT JOIN workflow.order_states s ON s.order_id = c.idempotency_key
        WHERE c.kind = 'charge' AND c.recorded_at < now() - @stuck_after
          AND s.current_state IS DISTINCT FROM 'Completed'
          AND NOT EXISTS (
              SELECT FROM payments.gateway_ledger r
              WHERE r.kind = 'refund' AND r.idempotency_key = c.idempotency_key AND r.amount = c.amount)
        ORDER BY c.recorded_at
        """);

    public static readonly Invariant RefundsNeverExceedCharges = new(
        "The gateway never refunded more than it charged",
        """
        SELECT idempotency_key AS order_id,
               coalesce(sum(amount) FILTER (WHERE kind = 'charge'), 0) AS charged,
               coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunded
        FROM payments.gateway_ledger
        GROUP BY idempotency_key
        HAVING coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) > coalesce(sum(amount) FILTER (WHERE kind = 'charge'), 0)
        """);

    public static readonly Invariant RefundsHaveAPayment = new(
        "Every refund returns an approved payment",
        """
        SELECT r.order_id, r.payment_id, r.amount, r.refunded_at
        FROM payments.refunds r
        LEFT JOIN payments.payments p ON p.order_id = r.order_id AND p.payment_id = r.payment_id AND p.status = 'Approved'
        WHERE p.order_id IS NULL
        ORDER BY r.refunded_at
        """);

    // The saga sends ShipOrder only once paid, and cancels a paid order only when its shipment failed: a booked
    // shipment of a cancelled order means goods left for an order that will not be paid for.
    public static readonly Invariant NoCancelledOrderShipped = new(
        "No cancelled order was shipped",
        """
        SELECT s.order_id, s.cancellation_reason, sh.tracking_number, sh.created_at AS shipped_at
        FROM workflow.order_states s
        JOIN shipping.shipments sh ON sh.order_id = s.order_id
        WHERE s.current_state = 'Cancelled' AND sh.tracking_number IS NOT NULL
        ORDER BY sh.created_at
        """);
}
