using Orders.Cli.Rest;

namespace Orders.Cli.Demo;

/// <summary>
/// How one path went: the order as last seen, the time from submitting it to seeing it final, and what went wrong when
/// it could not be followed to the end.
/// </summary>
public sealed record DemoOutcome(DemoPath Path, Order? Order, TimeSpan? SubmitToFinal, string? Failure)
{
    public bool IsExpected => Failure is null && Order is not null && Path.IsReachedBy(Order);
}
