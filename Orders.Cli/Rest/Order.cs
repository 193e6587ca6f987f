using Orders.Contracts;

namespace Orders.Cli.Rest;

/// <summary>An order as the REST API returns it; only what the commands read.</summary>
public sealed record Order(
    Guid OrderId,
    string Status,
    string? CancellationReason,
    string? PaymentId,
    string? TrackingNumber,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public bool IsFinal => OrderStatus.IsFinal(Status);
}
