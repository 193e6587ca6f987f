namespace Orders.Inventory;

/// <summary>The <c>Inventory</c> configuration section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long a reservation is held before the sweeper gives its stock back.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the sweeper looks for expired reservations.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
