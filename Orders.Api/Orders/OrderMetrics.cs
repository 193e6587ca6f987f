using System.Diagnostics.Metrics;

namespace Orders.Api.Orders;

/// <summary>
/// The meter <c>Orders.Api</c>: orders submitted. Final statuses are counted by the saga, where they happen
/// (meter <c>Orders.Workflow</c> on the Workers).
/// </summary>
public sealed class OrderMetrics
{
    public const string MeterName = "Orders.Api";

    private readonly Counter<long> _submitted;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>("orders.submitted", "{order}", "Orders accepted (202) and stored; idempotent repeats are not counted.");
    }

    public void Submitted() => _submitted.Add(1);
}
