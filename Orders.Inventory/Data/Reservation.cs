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
        // PostgreSQL keeps microseconds: the first reply must carry the same instants as every repeat read from the table.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
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

    /// <summary>The goods left the warehouse: they stop being reserved and stop being on hand.</summary>
    /// <param name="stock">The locked stock rows of every line, by SKU.</param>
    /// <param name="now">When it happened.</param>
    public void Commit(IReadOnlyDictionary<string, StockItem> stock, DateTimeOffset now)
    {
        foreach (var line in Lines)
        {
            var item = stock[line.Sku];
            item.Reserved -= line.Quantity;
            item.OnHand -= line.Quantity;
        }

        State = ReservationState.Committed;
        UpdatedAt = now;
    }

    /// <summary>The order will not ship: its quantities become available again.</summary>
    /// <param name="stock">The locked stock rows of every line, by SKU.</param>
    /// <param name="now">When it happened.</param>
    public void Release(IReadOnlyDictionary<string, StockItem> stock, DateTimeOffset now)
    {
        foreach (var line in Lines)
        {
            stock[line.Sku].Reserved -= line.Quantity;
        }

        State = ReservationState.Released;
        UpdatedAt = now;
    }
}
