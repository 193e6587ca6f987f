using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Outbox;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>Delivery observers hear of each row before it is sent and after the broker confirmed it, and cannot stop a delivery.</summary>
public sealed class DeliveryObserverTests : MessagingFixture
{
    private static readonly string[] BeforeAndAfter = ["pre", "post"];

    [Test]
    public async Task Observers_see_each_row_before_and_after_its_send_and_a_failing_one_delays_nothing()
    {
        var recorder = new RecordingObserver();
        var host = await StartHostAsync(new HostShape
        {
            Services = services => services
                .AddSingleton<IOutboxDeliveryObserver>(new FailingObserver())
                .AddSingleton<IOutboxDeliveryObserver>(recorder),
        });
        var id = Guid.NewGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id));
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().SaveChangesAsync();
        }

        Assert.That(await Eventually.Holds(() => Observations.Pongs(id) == 1), Is.True, "the Ping was delivered and consumed, its Pong too");
        Assert.That(await Eventually.Holds(() => recorder.Seen(nameof(Pong)).SequenceEqual(BeforeAndAfter)), Is.True,
            $"the Pong's row was seen before and after its send; seen: {string.Join(", ", recorder.All)}");
        Assert.That(recorder.Seen(nameof(Ping)), Is.EqualTo(BeforeAndAfter));
    }

    private sealed class FailingObserver : IOutboxDeliveryObserver
    {
        public void PreDeliver(OutboxMessage message) => throw new InvalidOperationException("observer failure before the send");

        public void PostDeliver(OutboxMessage message) => throw new InvalidOperationException("observer failure after the send");
    }

    private sealed class RecordingObserver : IOutboxDeliveryObserver
    {
        private readonly ConcurrentQueue<(string Type, string Phase)> _seen = new();

        public IEnumerable<string> All => _seen.Select(x => $"{x.Phase} {x.Type}");

        public void PreDeliver(OutboxMessage message) => _seen.Enqueue((TypeOf(message), "pre"));

        public void PostDeliver(OutboxMessage message) => _seen.Enqueue((TypeOf(message), "post"));

        public string[] Seen(string type) => _seen.Where(x => x.Type == type).Select(x => x.Phase).ToArray();

        private static string TypeOf(OutboxMessage message) => message.MessageType?.Split(';')[0].Split(':')[^1] ?? "?";
    }
}
