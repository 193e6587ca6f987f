using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Tests.Support;
using Orders.Testing;
using Orders.Testing.Servers;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>
/// While RabbitMQ is away, commits still succeed; their messages wait in PostgreSQL and leave when it returns. The
/// broker is a private node of this class, so that stopping it disturbs no other test.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Disruptive)]
public sealed class BrokerOutageTests : MessagingFixture
{
    private PrivateRabbitMq _broker = null!;

    protected override Uri Broker => _broker.AmqpUri;

    [OneTimeSetUp]
    public async Task StartPrivateBroker() => _broker = await PrivateRabbitMq.StartNewAsync();

    [OneTimeTearDown]
    public async Task RemovePrivateBroker() => await _broker.DisposeAsync();

    [Test]
    public async Task Messages_committed_while_the_broker_is_down_are_delivered_when_it_returns()
    {
        var host = await StartHostAsync();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();

        await _broker.StopAsync();
        try
        {
            foreach (var id in ids)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id));
                await db.SaveChangesAsync();
            }

            Assert.That(await PendingOutboxRowsAsync(), Is.EqualTo(ids.Length), "the commits succeeded and the messages wait");
        }
        finally
        {
            await _broker.StartAsync();
        }

        Assert.That(await Eventually.Holds(() => ids.All(id => Observations.Pongs(id) == 1), TimeSpan.FromSeconds(90)), Is.True,
            "every message is delivered once the broker is back");
        Assert.That(await Eventually.Holds(async () => await PendingOutboxRowsAsync() == 0), Is.True);
        Assert.That(ids.Select(Observations.Pings), Is.All.EqualTo(1));
    }
}
