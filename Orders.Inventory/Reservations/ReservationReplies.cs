using Google.Protobuf.WellKnownTypes;
using Orders.Contracts.Inventory;
using Orders.Inventory.Data;

namespace Orders.Inventory.Reservations;

/// <summary>How a stored reservation is told on the wire.</summary>
public static class ReservationReplies
{
    public static ReserveStockReply ToReply(this Reservation reservation)
    {
        var reply = new ReserveStockReply
        {
            OrderId = reservation.OrderId.ToString(),
            Status = reservation.State.ToStatus(),
            Currency = reservation.Currency,
            ExpiresAt = Timestamp.FromDateTimeOffset(reservation.ExpiresAt),
        };
        reply.Lines.AddRange(reservation.Lines
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .Select(line => new ReservedLine
            {
                Sku = line.Sku,
                Quantity = line.Quantity,
                UnitPrice = DecimalValue.FromDecimal(line.UnitPrice),
            }));
        return reply;
    }

    public static ReservationReply ToReservationReply(this Reservation reservation) =>
        new() { OrderId = reservation.OrderId.ToString(), Status = reservation.State.ToStatus() };

    public static ReservationStatus ToStatus(this ReservationState state) => state switch
    {
        ReservationState.Reserved => ReservationStatus.Reserved,
        ReservationState.Committed => ReservationStatus.Committed,
        ReservationState.Released => ReservationStatus.Released,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown reservation state."),
    };
}
