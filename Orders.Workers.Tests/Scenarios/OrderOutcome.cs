using Microsoft.EntityFrameworkCore;
using Orders.Contracts;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>What an order ended as: the saga's stored row, and the last status the saga published through its outbox.</summary>
public sealed class OrderOutcome(IOrderWorld world, Guid orderId)
{
    // The harness's lists wait for more matches unless told not to; an already cancelled token reads what is there now.
    private static readonly CancellationToken Snapshot = new(canceled: true);

    /// <summary>The order has come to rest in a final <paramref name="status"/>, cancelled for <paramref name="reason"/>.</summary>
    public Task EndAs(string status, string? reason = null)
    {
        Assert.That(OrderStatus.IsFinal(status), Is.True, $"{status} is not a final status");
        return Be(status, reason);
    }

    /// <summary>Once everything has settled, the order is <paramref name="status"/> (and was announced so).</summary>
    public async Task Be(string status, string? reason = null)
    {
        await world.System.UntilQuiet();
        await using var workflow = world.OpenWorkflow();
        var order = await workflow.Orders.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == orderId);
        var announced = world.Harness.Published.Select<OrderStatusChanged>(x => x.Context.Message.OrderId == orderId, Snapshot)
            .Select(x => x.Context.Message)
            .OrderBy(x => x.At)
            .LastOrDefault();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order?.CurrentState, Is.EqualTo(status), "the saga's state");
            Assert.That(order?.CancellationReason, Is.EqualTo(reason), "the saga's cancellation reason");
            Assert.That(announced?.Status, Is.EqualTo(status), "the last OrderStatusChanged delivered");
            Assert.That(announced?.Reason, Is.EqualTo(reason), "the reason it announced");
        }
    }
}
