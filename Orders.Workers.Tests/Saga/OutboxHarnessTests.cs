using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Workers.Tests.Scenarios;
using Orders.Workers.Workflow;

namespace Orders.Workers.Tests.Saga;

/// <summary>
/// MassTransit's harness with Orders.Messaging's outboxes in the pipeline: what leaves through the bus outbox and the
/// saga's consumer outbox shows up in <c>Published</c> and <c>Sent</c> as the messages' own types, once delivered.
/// </summary>
public sealed class OutboxHarnessTests
{
    // The harness's lists wait for more matches unless told not to; an already cancelled token reads what is there now.
    private static readonly CancellationToken Snapshot = new(canceled: true);

    private HarnessWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartWorld() => _world = await HarnessWorld.StartAsync(nameof(OutboxHarnessTests));

    [OneTimeTearDown]
    public async Task StopWorld()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    [Test]
    public async Task A_message_published_through_the_bus_outbox_is_seen_by_the_harness_once_its_transaction_commits()
    {
        var harness = _world.Harness;
        var orderId = Guid.NewGuid();
        await using var scope = _world.Services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await using var transaction = await workflow.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(TestOrders.Submitted(orderId, PaymentToken.NeverAnswers));
        await workflow.SaveChangesAsync();
        var beforeCommit = harness.Published.Select<OrderSubmitted>(x => x.Context.Message.OrderId == orderId, Snapshot).Count();

        await transaction.CommitAsync();

        Assert.That(await harness.Published.Any<OrderSubmitted>(x => x.Context.Message.OrderId == orderId), Is.True, "delivered after the commit");
        await _world.System.UntilQuiet();
        var published = harness.Published.Select<OrderSubmitted>(x => x.Context.Message.OrderId == orderId, Snapshot).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeCommit, Is.Zero, "nothing is delivered before the commit");
            Assert.That(published, Has.Count.EqualTo(1));
            Assert.That(published[0].Context.Message.Items.Single().Sku, Is.EqualTo("SKU-0001"), "the body, read back as OrderSubmitted");
            Assert.That(harness.Consumed.Select<OrderSubmitted>(x => x.Context.Message.OrderId == orderId, Snapshot).Count(), Is.EqualTo(1));
            Assert.That(harness.Sent.Select<ProcessPayment>(x => x.Context.Message.OrderId == orderId, Snapshot).Count(), Is.EqualTo(1),
                "the saga's command, sent through its consumer outbox");
            Assert.That(harness.Published.Select<OrderStatusChanged>(x => x.Context.Message.OrderId == orderId, Snapshot).Single().Context.Message.Status,
                Is.EqualTo(OrderStatus.Submitted));
        }
    }

    [Test]
    public async Task A_message_published_in_a_rolled_back_transaction_is_never_seen()
    {
        var orderId = Guid.NewGuid();
        await using (var scope = _world.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await workflow.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(TestOrders.Submitted(orderId, PaymentToken.NeverAnswers));
            await workflow.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await _world.System.UntilQuiet();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_world.Harness.Published.Select<OrderSubmitted>(x => x.Context.Message.OrderId == orderId, Snapshot), Is.Empty);
            Assert.That(_world.Harness.Consumed.Select<OrderSubmitted>(x => x.Context.Message.OrderId == orderId, Snapshot), Is.Empty);
        }
    }
}
