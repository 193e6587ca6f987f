namespace Orders.Contracts.ReadModel;

/// <summary>
/// The saga's read-only view of each order's progress, the one thing the Api reads of another service's schema (its
/// role is granted SELECT on this view and nothing else there). Columns: <c>order_id</c>, <c>status</c>,
/// <c>cancellation_reason</c>, <c>payment_id</c>, <c>tracking_number</c>, <c>updated_at</c>, and <c>timeline</c>, a
/// JSON array of <see cref="TimelineEntry"/> in camelCase.
/// </summary>
public static class OrderProgressView
{
    public const string Schema = "workflow";

    public const string Name = "order_progress";

    public const string QualifiedName = Schema + "." + Name;
}
