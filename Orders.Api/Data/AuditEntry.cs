namespace Orders.Api.Data;

/// <summary>One action an operator took in the operations console: who, when, on what, why, and what came of it.</summary>
public sealed class AuditEntry
{
    public const int MaxReasonLength = 500;

    public long Id { get; init; }

    public DateTime At { get; init; }

    /// <summary>The operator's token subject.</summary>
    public required string Actor { get; init; }

    /// <summary><c>force-cancel</c>, <c>redrive</c>, <c>redrive-all</c> or <c>discard</c> (<see cref="Ops.AuditActions"/>).</summary>
    public required string Action { get; init; }

    /// <summary>The order id, or the queue and message id the action was about.</summary>
    public required string Target { get; init; }

    public required string Reason { get; init; }

    public required string Outcome { get; set; }
}
