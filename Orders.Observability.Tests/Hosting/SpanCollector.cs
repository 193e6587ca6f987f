using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orders.Observability.Tests.Hosting;

/// <summary>An in-process collector: every span any host in this process ends, from every source.</summary>
public sealed class SpanCollector : IDisposable
{
    private static readonly ActivitySource Client = new("Orders.Observability.Tests");

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,

            // The services' own sampler decides what they record: this listener turns on only the test's client spans.
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Source == Client
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.PropagationData,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>A recorded span of the test itself, as a client of the system would start one: the root of a trace.</summary>
    public static Activity StartClientSpan(string name) => Client.StartActivity(name, ActivityKind.Client)
        ?? throw new InvalidOperationException("The collector listens to its own source.");

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Where(span => span.TraceId == traceId && span.Recorded)];

    public IEnumerable<Activity> All => _spans;

    public void Dispose() => _listener.Dispose();
}
