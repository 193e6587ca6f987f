namespace Orders.Cli.Check;

/// <summary>
/// No double effects: each order charged, refunded and shipped at most once. The keys make duplicates impossible;
/// these queries prove it on live data, and that every refund and every cancelled charge is accounted for.
/// </summary>
public static class EffectInvariants
{
    public static readonly Invariant ChargedAtMostOnce = new(
        "At most one payment per order",
        "SELECT order_id, count(*) AS payments FROM payments.payments GROUP BY order_id HAVING count(*) > 1");

    public static readonly Invariant RefundedAtMostOnce = new(
        "At most one refund per order",
        "SELECT order_id, count(*) AS refunds FROM payments.refunds GROUP BY order_id HAVING count(*) > 1");

    public static readonly Invariant ShippedAtMostOnce = new(
        "At most one shipment per order",
        "SELECT order_id, count(*) AS shipments FROM shipping.shipments GROUP BY order_id HAVING count(*) > 1");

    public static readonly Invariant RefundsHaveAPayment = new(
        "Every refund returns an approved payment",
        """
        SELECT r.order_id, r.payment_id, r.amount, r.refunded_at
        FROM payments.refunds r
        LEFT JOIN payments.payments p ON p.order_id = r.order_id AND p.payment_id = r.payment_id AND p.status = 'Approved'
        WHERE p.order_id IS NULL
        ORDER BY r.refunded_at
        """);

    // The refund follows the cancellation through the saga and the payments worker, hence the grace period.
    public static readonly Invariant CancelledChargesAreRefunded = new(
        "Cancelled orders that were charged are refunded",
        """
        SELECT s.order_id, s.cancellation_reason, p.payment_id, p.amount, s.updated_at
        FROM workflow.order_states s
        JOIN payments.payments p ON p.order_id = s.order_id AND p.status = 'Approved'
        LEFT JOIN payments.refunds r ON r.order_id = s.order_id
        WHERE s.current_state = 'Cancelled' AND r.order_id IS NULL AND s.updated_at < now() - @stuck_after
        ORDER BY s.updated_at
        """);
}
