namespace Orders.Api.Tests.Support;

public sealed record TimelineEntryView(string Status, DateTime At, string? Detail);
