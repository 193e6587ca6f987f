namespace Orders.Contracts.ReadModel;

/// <summary>
/// One status an order reached, when, and what came with it: the cancellation reason, payment id or tracking number.
/// The saga keeps these with its instance; the Api reads them through the view <see cref="OrderProgressView"/>.
/// </summary>
public sealed record TimelineEntry(string Status, DateTime At, string? Detail);
