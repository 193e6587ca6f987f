using System.Net;
using Orders.Testing;

namespace Orders.Tests.Faults;

/// <summary>
/// Three Workers replicas compete on every queue: each order is processed once whichever replica takes each of its
/// messages, and the saga's optimistic concurrency retries its conflicts (customers cancel orders, three times at once, while
/// their own messages are on the way, so several replicas update one saga together) instead of failing messages.
/// </summary>
public sealed class ScaleOutTests : FaultSystem
{
    private const int Replicas = 3;

    protected override int WorkersCount => Replicas;

    [Test]
    public Task Three_replicas_complete_every_order_once_and_fail_no_message() => RoundsAsync(async _ =>
    {
        var sagaQueue = await Eventually.Until(() => VirtualHost.GetQueueAsync("order-saga"), queue => queue?.Consumers == Replicas);
        Assert.That(sagaQueue?.Consumers, Is.EqualTo(Replicas), "every replica consumes the saga's queue");

        var traffic = OrderTraffic.Start(Alice, Orders(60), StreamSkus, concurrency: 4, cancelEvery: 2, cancelRequests: 3);
        await traffic.Completion;
        Assert.That(traffic.Answers.Select(answer => answer.Status), Is.All.EqualTo(HttpStatusCode.Accepted));

        await AssertSettledAsync(traffic.Accepted);
    });
}
