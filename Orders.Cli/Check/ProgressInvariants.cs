namespace Orders.Cli.Check;

/// <summary>Every accepted order reaches a final status: neither the order nor its saga instance stays in between.</summary>
public static class ProgressInvariants
{
    public static readonly Invariant OrdersReachAFinalStatus = new(
        "Orders reach Completed or Cancelled",
        """
        SELECT id AS order_id, status, created_at, updated_at
        FROM ordering.orders
        WHERE status NOT IN ('Completed', 'Cancelled') AND created_at < now() - @stuck_after
        ORDER BY created_at
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
