namespace Orders.Api.Orders;

/// <summary>One status the order reached; <c>Detail</c> carries the cancellation reason, payment id or tracking number.</summary>
public sealed record TimelineEntryBody(string Status, DateTime At, string? Detail);
