using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>Rows that the writing process did not deliver are delivered by whoever runs delivery, once.</summary>
public sealed class DeliveryTests : MessagingFixture
{
    [Test]
    public async Task A_host_stopped_between_commit_and_delivery_delivers_after_restart()
    {
        var writer = await StartHostAsync(new HostShape { Consumers = false, Delivery = false });
        var id = Guid.NewGuid();
        await PublishThroughOutboxAsync(writer, id);
        Assert.That(await PendingOutboxRowsAsync(), Is.EqualTo(1), "committed and waiting");
        await StopHostAsync(writer);

        await StartHostAsync();

        Assert.That(await Eventually.Holds(() => Observations.Pongs(id) == 1), Is.True);
        Assert.That(await Eventually.Holds(async () => await PendingOutboxRowsAsync() == 0), Is.True);
        Assert.That(Observations.Pings(id), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_delivery_services_on_one_outbox_deliver_each_message_once()
    {
        const int count = 300;
        var writer = await StartHostAsync(new HostShape { Consumers = false, Delivery = false });
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            await PublishThroughOutboxAsync(writer, id);
        }

        // The consumer counts every copy it is handed (no inbox on this host), so a duplicate delivery would show.
        await StartHostAsync(new HostShape { ConsumerOutbox = false, Delivery = false });
        await Task.WhenAll(
            StartHostAsync(new HostShape { Consumers = false }),
            StartHostAsync(new HostShape { Consumers = false }));

        Assert.That(await Eventually.Holds(() => ids.All(id => Observations.Pings(id) >= 1), TimeSpan.FromSeconds(60)), Is.True, "every message arrives");
        Assert.That(await Eventually.Holds(async () => await PendingOutboxRowsAsync() == 0), Is.True, "and is removed from the outbox");
        Assert.That(ids.Where(id => Observations.Pings(id) > 1), Is.Empty, "no message is delivered twice");
    }

    private static async Task PublishThroughOutboxAsync(IHost host, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id));
        await db.SaveChangesAsync();
    }
}
