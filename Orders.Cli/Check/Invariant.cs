namespace Orders.Cli.Check;

/// <summary>
/// One promise of the system, as a read-only query returning the rows that break it: no row means it holds.
/// The query may use <c>@stuck_after</c>, the grace period given to transitions still in flight.
/// </summary>
public sealed record Invariant(string Name, string Sql);
