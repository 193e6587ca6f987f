using System.Diagnostics.Metrics;

namespace Orders.Inventory;

/// <summary>The service's meter, "Orders.Inventory".</summary>
public sealed class InventoryMetrics
{
    public const string MeterName = "Orders.Inventory";

    private readonly Counter<long> _expiredReservations;

    public InventoryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _expiredReservations = meter.CreateCounter<long>(
            "inventory.reservations.expired",
            unit: "{reservation}",
            description: "Reservations released by the sweeper because nobody committed or released them in time.");
    }

    public void ReservationExpired() => _expiredReservations.Add(1);
}
