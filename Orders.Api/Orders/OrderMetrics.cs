using System.Diagnostics.Metrics;
using Orders.Contracts;

namespace Orders.Api.Orders;

/// <summary>
/// The meter <c>Orders.Api</c>: orders submitted, and (from the timeline, the one place that sees each order reach its
/// final status exactly when the read model moves there) completed, cancelled by reason and the time each took.
/// </summary>
public sealed class OrderMetrics
{
    public const string MeterName = "Orders.Api";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _timeToFinalStatus;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>("orders.submitted", "{order}", "Orders accepted (202) and stored; idempotent repeats are not counted.");
        _completed = meter.CreateCounter<long>("orders.completed", "{order}", "Orders that reached Completed.");
        _cancelled = meter.CreateCounter<long>("orders.cancelled", "{order}", "Orders that reached Cancelled, by reason.");
        _timeToFinalStatus = meter.CreateHistogram(
            "orders.time_to_final_status",
            unit: "s",
            description: "Time from an order's submission to its final status (Completed or Cancelled), by status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800] });
    }

    public void Submitted() => _submitted.Add(1);

    /// <summary>Records an order's arrival at <paramref name="status"/> if it is final.</summary>
    public void ReachedStatus(string status, string? reason, TimeSpan sinceSubmitted)
    {
        if (status == OrderStatus.Completed)
        {
            _completed.Add(1);
        }
        else if (status == OrderStatus.Cancelled)
        {
            _cancelled.Add(1, new KeyValuePair<string, object?>("reason", reason ?? "unknown"));
        }
        else
        {
            return;
        }

        _timeToFinalStatus.Record(Math.Max(sinceSubmitted.TotalSeconds, 0), new KeyValuePair<string, object?>("status", status));
    }
}
