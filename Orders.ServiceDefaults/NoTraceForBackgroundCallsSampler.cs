using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Orders.ServiceDefaults;

/// <summary>
/// The sampler for spans that start a trace. Background loops (outbox pollers, inbox cleanup, the reservation sweeper)
/// query PostgreSQL every second or so; as traces of their own those calls would bury the traces of orders. So a client
/// call that nothing asked for starts no trace; requests, consumed messages and deliveries do. Spans with a parent
/// follow it (<see cref="ParentBasedSampler"/>).
/// </summary>
internal sealed class NoTraceForBackgroundCallsSampler : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);

    public NoTraceForBackgroundCallsSampler() => Description = nameof(NoTraceForBackgroundCallsSampler);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ? Drop : Record;
}
