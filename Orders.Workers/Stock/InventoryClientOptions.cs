namespace Orders.Workers.Stock;

/// <summary>Where Inventory is and how long one call may take (section <c>Inventory</c>).</summary>
public sealed class InventoryClientOptions
{
    public const string Section = "Inventory";

    public Uri Address { get; set; } = new("http://localhost:5090");

    /// <summary>The gRPC deadline of one call; a call past it fails with DEADLINE_EXCEEDED and the message is retried.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    public DateTime DeadlineFromNow() => DateTime.UtcNow + Deadline;
}
