namespace Orders.Cli.Rest;

/// <summary>One status an order reached; <c>Detail</c> carries the cancellation reason, payment id or tracking number.</summary>
public sealed record TimelineEntry(string Status, DateTime At, string? Detail);
