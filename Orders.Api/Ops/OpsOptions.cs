namespace Orders.Api.Ops;

/// <summary>The operations console's settings (section <c>Ops</c>).</summary>
public sealed class OpsOptions
{
    public const string Section = "Ops";

    /// <summary>
    /// An order that has stayed in one non-final status longer than this is stuck: highlighted in the console, counted by
    /// the metric <c>orders.stuck</c> and reported by the health check <c>stuck-orders</c> (Degraded).
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the stuck orders are counted for the metric and the health check.</summary>
    public TimeSpan StuckCountInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A trace UI's address for one trace, with <c>{traceId}</c> in it (Jaeger: <c>http://localhost:16686/trace/{traceId}</c>);
    /// when unset the console shows the trace id as text.
    /// </summary>
    public string? TraceUrl { get; set; }

    /// <summary>RabbitMQ's management API (queue depths, consumers, failed messages), e.g. <c>http://localhost:15672/</c>.</summary>
    public Uri? ManagementAddress { get; set; }

    /// <summary>Scheduled messages due within this window are listed under the pipeline as due soon.</summary>
    public TimeSpan DueSoon { get; set; } = TimeSpan.FromMinutes(10);
}
