namespace Orders.Inventory.Data;

public enum ReservationState
{
    Reserved,
    Committed,
    Released,
}
