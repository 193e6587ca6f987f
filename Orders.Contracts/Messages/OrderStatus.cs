namespace Orders.Contracts;

/// <summary>Public order statuses. Completed and Cancelled are terminal.</summary>
public static class OrderStatus
{
    public const string Submitted = nameof(Submitted);
    public const string Paid = nameof(Paid);
    public const string Shipped = nameof(Shipped);
    public const string Completed = nameof(Completed);
    public const string Cancelled = nameof(Cancelled);

    public static bool IsFinal(string status) => status is Completed or Cancelled;
}
