using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;
using static Orders.Contracts.CancellationReason;
using static Orders.Contracts.OrderStatus;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>
/// What the payment's answer (or its silence) does to an order, on a clock the test moves: the same test bodies over the
/// saga's harness and over the running Workers host on RabbitMQ. Neither waits for real time to pass.
/// </summary>
[TestFixture(typeof(HarnessWorld))]
[TestFixture(typeof(RunningWorld))]
public sealed class PaymentScenarios(Type world)
{
    // The harness's lists wait for more matches unless told not to; an already cancelled token reads what is there now.
    private static readonly CancellationToken Snapshot = new(canceled: true);

    private IOrderWorld _world = null!;

    private OrderScenario Order => new(_world);

    [OneTimeSetUp]
    public async Task StartWorld() =>
        _world = world == typeof(HarnessWorld)
            ? await HarnessWorld.StartAsync(nameof(PaymentScenarios))
            : await RunningWorld.StartAsync(nameof(PaymentScenarios));

    [OneTimeTearDown]
    public async Task StopWorld()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    [Test]
    public async Task A_payment_that_never_answers_keeps_the_order_submitted_until_the_clock_passes_the_timeout()
    {
        var order = await Order.Placed(with: PaymentToken.NeverAnswers);
        await order.Should().Be(Submitted);
        await using var workflow = _world.OpenWorkflow();
        var token = (await workflow.Orders.AsNoTracking().SingleAsync(x => x.CorrelationId == order.Id)).PaymentTimeoutTokenId;
        var timeout = await workflow.Set<OutboxMessage>().AsNoTracking().SingleAsync(x => x.SchedulingTokenId == token);
        Assert.That(timeout.EnqueueTime, Is.EqualTo(_world.Clock.GetUtcNow().UtcDateTime + _world.PaymentTimeout).Within(TimeSpan.FromSeconds(5)),
            "the timeout is due by the test's clock");

        await order.AfterPaymentTimeout();

        await order.Should().EndAs(Cancelled, PaymentTimeout);
        Assert.That(await workflow.Set<OutboxMessage>().CountAsync(x => x.SchedulingTokenId == token), Is.Zero, "the timeout was delivered");
        Assert.That(_world.Harness.Sent.Select<Orders.Contracts.ReleaseStock>(x => x.Context.Message.OrderId == order.Id, Snapshot).Count(), Is.EqualTo(1),
            "the stock is released, once");
        if (_world is RunningWorld running)
        {
            Assert.That(await running.ReservedAsync(), Is.Zero, "the stock was released");
        }
    }

    [Test]
    public async Task A_declined_payment_cancels_the_order_and_its_timeout()
    {
        var order = await Order.Placed(with: PaymentToken.Declined);

        await order.Should().EndAs(Cancelled, PaymentDeclined);
        await order.AfterPaymentTimeout();
        await order.Should().EndAs(Cancelled, PaymentDeclined);
    }

    [Test]
    public async Task A_payment_timeout_does_not_fire_a_moment_before_it_is_due()
    {
        var order = await Order.Placed(with: PaymentToken.NeverAnswers);

        _world.Clock.Advance(_world.PaymentTimeout - TimeSpan.FromSeconds(10));
        await _world.System.UntilQuiet();

        await order.Should().Be(Submitted);
        await order.AfterPaymentTimeout();
        await order.Should().EndAs(Cancelled, PaymentTimeout);
    }
}
