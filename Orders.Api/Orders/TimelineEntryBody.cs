namespace Orders.Api.Orders;

/// <summary>One status the order reached; <c>Detail</c> carries the payment id, tracking number, or why it was cancelled (<see cref="Contracts.ReadModel.TimelineEntry"/>).</summary>
public sealed record TimelineEntryBody(string Status, DateTime At, string? Detail);
