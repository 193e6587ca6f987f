using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;

namespace Orders.Messaging.Tests.Support;

/// <summary>What the test consumers saw, per message key; shared by every host of one test.</summary>
public sealed class Observations
{
    private readonly ConcurrentDictionary<Guid, int> _pings = new();
    private readonly ConcurrentDictionary<Guid, int> _pongs = new();
    private readonly ConcurrentDictionary<Guid, ActivityTraceId> _traces = new();
    private readonly ConcurrentDictionary<Guid, DateTime> _timeouts = new();
    private readonly ConcurrentDictionary<Guid, int> _received = new();
    private readonly ConcurrentDictionary<Guid, int> _deadLettered = new();
    private readonly ConcurrentDictionary<Guid, bool> _failing = new();
    private readonly ConcurrentDictionary<Guid, ReceivedEnvelope> _envelopes = new();

    public void PingEnvelope(Guid id, MessageContext context) =>
        _envelopes[id] = new ReceivedEnvelope(context.Headers.Get<string>("X-Tenant"), context.CorrelationId, context.ConversationId);

    public ReceivedEnvelope? PingEnvelopeOf(Guid id) => _envelopes.GetValueOrDefault(id);

    /// <summary>Makes the Ping consumer throw for this id, after it has published its Pong.</summary>
    public void FailPing(Guid id) => _failing[id] = true;

    public bool ShouldFail(Guid id) => _failing.ContainsKey(id);

    public void Pinged(Guid id)
    {
        // The trace first: a test that sees the count may read the trace at once.
        if (Activity.Current is { } activity)
        {
            _traces[id] = activity.TraceId;
        }

        _pings.AddOrUpdate(id, 1, (_, n) => n + 1);
    }

    public void Ponged(Guid id) => _pongs.AddOrUpdate(id, 1, (_, n) => n + 1);

    public void TimedOut(Guid id, DateTime at) => _timeouts[id] = at;

    /// <summary>Every copy the transport handed to the endpoint, consumed or skipped as a duplicate.</summary>
    public void Received(Guid messageId) => _received.AddOrUpdate(messageId, 1, (_, n) => n + 1);

    public int Pings(Guid id) => _pings.GetValueOrDefault(id);

    public int TotalPings => _pings.Values.Sum();

    public int Pongs(Guid id) => _pongs.GetValueOrDefault(id);

    public int ReceivedCopies(Guid messageId) => _received.GetValueOrDefault(messageId);

    /// <summary>Copies that the endpoint neither delivered to a consumer nor faulted: MassTransit dead-letters them.</summary>
    public void DeadLettered(Guid messageId) => _deadLettered.AddOrUpdate(messageId, 1, (_, n) => n + 1);

    public int DeadLetteredCopies(Guid messageId) => _deadLettered.GetValueOrDefault(messageId);

    public ActivityTraceId? TraceOf(Guid id) => _traces.TryGetValue(id, out var trace) ? trace : null;

    public DateTime? TimeoutOf(Guid id) => _timeouts.TryGetValue(id, out var at) ? at : null;
}
