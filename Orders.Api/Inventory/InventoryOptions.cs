namespace Orders.Api.Inventory;

public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>Inventory's gRPC endpoint (h2c).</summary>
    public Uri Address { get; set; } = new("http://localhost:5090");

    /// <summary>Deadline of one call, retries included: an order request never waits longer on Inventory.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(2);
}
