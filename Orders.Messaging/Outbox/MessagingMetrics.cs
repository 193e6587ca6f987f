using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The meter <c>Orders.Messaging</c>: per outbox (tag <c>outbox</c>, the DbContext type's name) its backlog as observable
/// gauges, and the delivery latency from a message's write (or, when scheduled, its due time) to the broker's confirm;
/// per saga type (tag <c>saga</c>) the optimistic-concurrency conflicts its repository met.
/// </summary>
internal sealed class MessagingMetrics : IHostedService
{
    public const string MeterName = "Orders.Messaging";

    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _sagaConflicts;

    public MessagingMetrics(IMeterFactory meterFactory, IEnumerable<IOutboxBacklog> backlogs)
    {
        var outboxes = backlogs.ToArray();
        var meter = meterFactory.Create(MeterName);
        _deliveryLatency = meter.CreateHistogram(
            "outbox.delivery.latency",
            unit: "s",
            description: "Time from a message's write into the outbox (or its due time, when scheduled) to the broker's confirm.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _sagaConflicts = meter.CreateCounter<long>(
            "saga.concurrency.conflicts",
            unit: "{conflict}",
            description: "Saga updates refused because another message changed the instance since it was read; each one is retried.");
        meter.CreateObservableGauge(
            "outbox.messages.pending",
            () => Observe(outboxes, reading => reading.Pending),
            unit: "{message}",
            description: "Outbox rows that are due (immediate, or scheduled and due) and not yet confirmed by the broker.");
        meter.CreateObservableGauge(
            "outbox.messages.oldest_age",
            () => Observe(outboxes, reading => reading.OldestAge.TotalSeconds),
            unit: "s",
            description: "How long the oldest due, unconfirmed outbox row has waited; 0 when there is none.");
    }

    public void Delivered(string outbox, TimeSpan latency) =>
        _deliveryLatency.Record(Math.Max(latency.TotalSeconds, 0), new KeyValuePair<string, object?>("outbox", outbox));

    public void SagaConflict(string saga) =>
        _sagaConflicts.Add(1, new KeyValuePair<string, object?>("saga", saga));

    /// <summary>Hosted only so that the instruments exist from start-up, not from the first delivery.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<Measurement<T>> Observe<T>(IOutboxBacklog[] outboxes, Func<OutboxBacklogReading, T> value)
        where T : struct
    {
        foreach (var outbox in outboxes)
        {
            if (outbox.Read() is { } reading)
            {
                yield return new Measurement<T>(value(reading), new KeyValuePair<string, object?>("outbox", outbox.Outbox));
            }
        }
    }
}
