using System.Net;
using Orders.Testing;
using Orders.Testing.Servers;

namespace Orders.Tests.Faults;

/// <summary>
/// RabbitMQ (a private node) stopped and started again mid-stream: the API keeps accepting orders, whose messages
/// wait in its outbox, and every order completes once the broker is back.
/// </summary>
public sealed class BrokerRestartTests : FaultSystem
{
    private PrivateRabbitMq? _broker;

    protected override async Task<Uri> StartBrokerAsync()
    {
        _broker = await PrivateRabbitMq.StartNewAsync();
        return _broker.AmqpUri;
    }

    protected override async Task StopServersAsync()
    {
        await base.StopServersAsync();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    protected override Task<IReadOnlyList<QueueDepth>> QueuesAsync() => _broker!.QueuesAsync();

    [Test]
    public Task Orders_placed_while_the_broker_restarts_are_accepted_and_all_complete() => RoundsAsync(async round =>
    {
        var broker = _broker!;
        var traffic = OrderTraffic.Start(Alice, Orders(30), StreamSkus);
        Assert.That(await traffic.AcceptedAtLeastAsync(Orders(30) / 3), Is.True);

        // A graceful stop in CI; a soak alternates it with kill -9.
        await (round % 2 == 1 ? broker.StopAsync() : broker.KillAsync());
        var during = await OrderTraffic.PlaceAsync(Alice, Orders(6), StreamSkus);
        Assert.That(during.Answers.Select(answer => answer.Status), Is.All.EqualTo(HttpStatusCode.Accepted), "the API answers 202 without the broker");
        Assert.That(await Effects.PendingApiOutboxAsync(DatabaseConnectionString), Is.GreaterThanOrEqualTo(during.Accepted.Count),
            "their messages wait in the outbox");

        await broker.StartAsync();
        await traffic.Completion;
        Assert.That(traffic.Answers.Select(answer => answer.Status), Is.All.EqualTo(HttpStatusCode.Accepted));

        await AssertSettledAsync([.. traffic.Accepted, .. during.Accepted]);
        Assert.That(await Effects.PendingApiOutboxAsync(DatabaseConnectionString), Is.Zero, "the outbox drained");
    });
}
