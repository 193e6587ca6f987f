namespace Orders.Cli.Rest;

/// <summary>One status an order reached; <c>Detail</c> carries the payment id, tracking number, or why it was cancelled (<see cref="Contracts.ReadModel.TimelineEntry"/>).</summary>
public sealed record TimelineEntry(string Status, DateTime At, string? Detail);
