using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>The meter "Orders.Messaging": the backlog of each outbox and the delivery latency.</summary>
public sealed class OutboxMetricsTests : MessagingFixture
{
    [Test]
    public async Task Undelivered_rows_show_as_pending_with_their_age_and_delivered_ones_as_latency()
    {
        using var measurements = new Measurements();
        var writer = await StartHostAsync(new HostShape { Consumers = false, Delivery = false });
        await PublishThroughOutboxAsync(writer, Guid.NewGuid());
        await PublishThroughOutboxAsync(writer, Guid.NewGuid());

        measurements.Observe();
        Assert.Multiple(() =>
        {
            Assert.That(measurements.All("outbox.messages.pending"), Is.Not.Empty.And.All.EqualTo(2));
            Assert.That(measurements.All("outbox.messages.oldest_age"), Is.Not.Empty.And.All.GreaterThan(0).And.All.LessThan(60));
        });

        // Only a host that delivers records latency; the writer does not.
        await StartHostAsync(new HostShape { Consumers = false });
        Assert.That(await Eventually.Holds(async () => await PendingOutboxRowsAsync() == 0), Is.True);
        Assert.That(measurements.All("outbox.delivery.latency"), Has.Count.EqualTo(2).And.All.GreaterThan(0));
    }

    private static async Task PublishThroughOutboxAsync(IHost host, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// What the "Orders.Messaging" instruments of every host in the process measured for the outbox of TestDbContext
    /// (hosts of earlier tests read the same table, so their gauges agree).
    /// </summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _values = new();

        public Measurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Orders.Messaging")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public IReadOnlyList<double> All(string instrument) => _values.TryGetValue(instrument, out var values) ? [.. values] : [];

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outbox", Value: nameof(TestDbContext) })
                {
                    _values.GetOrAdd(instrument.Name, _ => new ConcurrentQueue<double>()).Enqueue(value);
                }
            }
        }
    }
}
