using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Data;
using Orders.Api.Orders;
using Orders.Contracts;

namespace Orders.Api.Timeline;

/// <summary>
/// Projects the saga's <see cref="OrderStatusChanged"/> events into the order and its timeline. Runs in the endpoint's
/// PostgreSQL outbox: the inbox row and these changes commit together, so a redelivered event changes nothing.
/// Final statuses are counted here, where the read model moves there once per order (a duplicate or late event never
/// applies), so nothing counts twice.
/// </summary>
internal sealed class UpdateOrderTimelineConsumer(OrderingDbContext db, OrderMetrics metrics, ILogger<UpdateOrderTimelineConsumer> logger)
    : IConsumer<OrderStatusChanged>
{
    public async Task Consume(ConsumeContext<OrderStatusChanged> context)
    {
        var change = context.Message;
        var outcome = await OrderTimeline.RecordAsync(db, change, context.CancellationToken);
        switch (outcome)
        {
            case StatusChangeOutcome.Applied:
                logger.LogInformation("Order {OrderId} is now {Status}", change.OrderId, change.Status);
                if (OrderStatus.IsFinal(change.Status))
                {
                    var submittedAt = await db.Orders.Where(o => o.Id == change.OrderId).Select(o => o.CreatedAt).SingleAsync(context.CancellationToken);
                    metrics.ReachedStatus(change.Status, change.Reason, Timestamp.Normalize(change.At) - submittedAt);
                }

                break;
            case StatusChangeOutcome.AlreadyPast:
                logger.LogInformation("Order {OrderId} is already past {Status}; status kept, history completed", change.OrderId, change.Status);
                break;
            default:
                logger.LogWarning("Status change of order {OrderId} to {Status} ignored: {Outcome}", change.OrderId, change.Status, outcome);
                break;
        }
    }
}
