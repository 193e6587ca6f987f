namespace Orders.Contracts;

/// <summary>Public order statuses. Completed and Cancelled are terminal.</summary>
public static class OrderStatus
{
    public const string Submitted = nameof(Submitted);
    public const string Paid = nameof(Paid);
    public const string Shipped = nameof(Shipped);
    public const string Completed = nameof(Completed);
    public const string Cancelled = nameof(Cancelled);

    /// <summary>Every status, in the order an order moves through them (Cancelled can end any but Completed).</summary>
    public static readonly IReadOnlyList<string> All = [Submitted, Paid, Shipped, Completed, Cancelled];

    public static bool IsFinal(string status) => status is Completed or Cancelled;
}
