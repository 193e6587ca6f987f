namespace Orders.Contracts.ReadModel;

/// <summary>
/// One status an order reached, when, and what came with it: the payment id, the tracking number, or why the order was
/// cancelled (the gateway's own reason, such as <c>card_declined</c> or <c>insufficient_funds</c>, when a payment was
/// declined; otherwise the cancellation reason). The saga keeps these with its instance; the Api reads them through the
/// view <see cref="OrderProgressView"/>.
/// </summary>
public sealed record TimelineEntry(string Status, DateTime At, string? Detail);
