using MassTransit;
using Orders.Api.Data;
using Orders.Contracts;

namespace Orders.Api.Timeline;

/// <summary>
/// Projects the saga's <see cref="OrderStatusChanged"/> events into the order and its timeline. Runs in the endpoint's
/// PostgreSQL outbox: the inbox row and these changes commit together, so a redelivered event changes nothing.
/// </summary>
internal sealed class UpdateOrderTimelineConsumer(OrderingDbContext db, ILogger<UpdateOrderTimelineConsumer> logger)
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
