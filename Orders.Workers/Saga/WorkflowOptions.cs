namespace Orders.Workers.Saga;

/// <summary>Settings of the order saga (section <c>Workflow</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>How long a submitted order waits for its payment before it is cancelled.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
