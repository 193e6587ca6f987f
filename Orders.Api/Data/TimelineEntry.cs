namespace Orders.Api.Data;

/// <summary>One status an order reached, when, and what came with it (a cancellation reason, a payment id, a tracking number).</summary>
public sealed class TimelineEntry
{
    public long Id { get; init; }

    public Guid OrderId { get; init; }

    public required string Status { get; init; }

    public DateTime At { get; init; }

    public string? Detail { get; init; }
}
