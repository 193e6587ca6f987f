using System.Diagnostics.Metrics;
using Orders.Contracts;

namespace Orders.Workers.Saga;

/// <summary>
/// The meter <c>Orders.Workflow</c>: orders that reached Completed, Cancelled by reason, and the time each took from its
/// submission. Counted by the saga as it enters a final state, which it does once per order.
/// </summary>
internal static class OrderOutcomeMetrics
{
    public const string MeterName = "Orders.Workflow";

    // A static meter, not one from IMeterFactory: the state machine is also built by bare test-harness containers.
    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Completed =
        Meter.CreateCounter<long>("orders.completed", "{order}", "Orders that reached Completed.");

    private static readonly Counter<long> Cancelled =
        Meter.CreateCounter<long>("orders.cancelled", "{order}", "Orders that reached Cancelled, by reason.");

    private static readonly Histogram<double> TimeToFinalStatus = Meter.CreateHistogram(
        "orders.time_to_final_status",
        unit: "s",
        description: "Time from an order's submission to its final status (Completed or Cancelled), by status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800] });

    /// <summary>Records the order's arrival at its current state if that state is final.</summary>
    public static void Reached(OrderState saga)
    {
        if (saga.CurrentState == OrderStatus.Completed)
        {
            Completed.Add(1);
        }
        else if (saga.CurrentState == OrderStatus.Cancelled)
        {
            Cancelled.Add(1, new KeyValuePair<string, object?>("reason", saga.CancellationReason ?? "unknown"));
        }
        else
        {
            return;
        }

        var since = saga.UpdatedAt - (saga.SubmittedAt ?? saga.CreatedAt);
        TimeToFinalStatus.Record(Math.Max(since.TotalSeconds, 0), new KeyValuePair<string, object?>("status", saga.CurrentState));
    }
}
