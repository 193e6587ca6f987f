namespace Orders.Inventory.Data;

/// <summary>Stock held for one order until it is committed (shipped) or released (cancelled or expired).</summary>
public sealed class Reservation
{
    public Guid OrderId { get; init; }

    public ReservationState State { get; private set; }

    public required string Currency { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public List<ReservationLine> Lines { get; init; } = [];

    public static Reservation Hold(Guid orderId, string currency, IEnumerable<ReservationLine> lines, DateTimeOffset now, TimeSpan ttl)
    {
        now = Stored(now);
        return new()
        {
            OrderId = orderId,
            State = ReservationState.Reserved,
            Currency = currency,
            CreatedAt = now,
            ExpiresAt = now + ttl,
            UpdatedAt = now,
            Lines = [.. lines],
        };
    }

    /// <summary>
    /// An instant as PostgreSQL keeps it, to the microsecond: the first reply must carry the same instants as every
    /// repeat read from the table.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond));
}
