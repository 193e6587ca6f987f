namespace Orders.Cli.Check;

/// <summary>
/// Every accepted order reaches a final status: the saga takes in every order the Api stored, and no instance stays in
/// between.
/// </summary>
public static class ProgressInvariants
{
    public static readonly Invariant OrdersReachAFinalStatus = new(
        "Orders reach Completed or Cancelled",
        """
        SELECT o.id AS order_id, coalesce(s.current_state, 'not taken in by the saga') AS status, o.created_at, s.updated_at
        FROM ordering.orders o
        LEFT JOIN workflow.order_states s ON s.order_id = o.id
        WHERE (s.order_id IS NULL OR s.current_state NOT IN ('Completed', 'Cancelled')) AND o.created_at < now() - @stuck_after
        ORDER BY o.created_at
        """);

    public static readonly Invariant SagasReachAFinalState = new(
        "Saga instances reach a final state",
        """
        SELECT order_id, current_state, created_at, updated_at
        FROM workflow.order_states
        WHERE current_state NOT IN ('Completed', 'Cancelled', 'Final') AND created_at < now() - @stuck_after
        ORDER BY created_at
        """);
}
