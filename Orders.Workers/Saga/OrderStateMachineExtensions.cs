using MassTransit;
using Orders.Contracts;
using Orders.Contracts.ReadModel;

namespace Orders.Workers.Saga;

/// <summary>The saga's longer steps, named so that <see cref="OrderStateMachine"/> reads as its table.</summary>
internal static class OrderStateMachineExtensions
{
    /// <summary>Keeps what later steps need from the submitted order: the amount to charge, where and what to ship.</summary>
    public static EventActivityBinder<OrderState, OrderSubmitted> RecordOrder(
        this EventActivityBinder<OrderState, OrderSubmitted> binder, TimeProvider clock) =>
        binder.Then(context =>
        {
            var order = context.Message;
            var saga = context.Saga;
            saga.CustomerId = order.CustomerId;
            saga.Items = [.. order.Items];
            saga.ShippingAddress = order.ShippingAddress;
            saga.Total = order.Total;
            saga.Currency = order.Currency;
            saga.PaymentToken = order.PaymentToken;
            saga.SubmittedAt = order.SubmittedAt;
            saga.Touch(clock);
        });

    /// <summary>
    /// Records the state just entered in the order's timeline and announces it (with the payment and tracking references
    /// known so far). Submitted is dated when the Api accepted the order, every later status when the saga reached it.
    /// <paramref name="detail"/> gives the entry a detail the saga does not keep, such as the gateway's reason for a decline.
    /// </summary>
    public static EventActivityBinder<OrderState, T> PublishStatusChanged<T>(
        this EventActivityBinder<OrderState, T> binder, TimeProvider clock, Func<T, string?>? detail = null)
        where T : class =>
        binder
            .Then(context =>
            {
                var saga = context.Saga;
                saga.Touch(clock);
                var at = saga.CurrentState == OrderStatus.Submitted && saga.SubmittedAt is { } submitted ? submitted : saga.UpdatedAt;
                saga.Timeline.Add(new TimelineEntry(saga.CurrentState, at, detail?.Invoke(context.Message) ?? Detail(saga)));
                OrderOutcomeMetrics.Reached(saga);
            })
            .Publish(context => new OrderStatusChanged(
                context.Saga.CorrelationId,
                context.Saga.CurrentState,
                context.Saga.CancellationReason,
                context.Saga.UpdatedAt,
                context.Saga.PaymentId,
                context.Saga.TrackingNumber));

    public static EventActivityBinder<OrderState, CancelOrder> RespondCancellationAccepted(
        this EventActivityBinder<OrderState, CancelOrder> binder, TimeProvider clock) =>
        binder.RespondAsync(context => Task.FromResult(new OrderCancellationAccepted(context.Saga.CorrelationId, clock.GetUtcNow().UtcDateTime)));

    public static void UnknownOrder<T>(this ILogger logger, ConsumeContext<T> context, Guid orderId)
        where T : class =>
        logger.LogWarning("Ignored {MessageType} {MessageId}: order {OrderId} is not known", typeof(T).Name, context.MessageId, orderId);

    public static void IgnoredEvent(this ILogger logger, string eventName, Guid orderId, string state) =>
        logger.LogInformation("Ignored {Event} for order {OrderId}: it does not apply in state {State}", eventName, orderId, state);

    private static string? Detail(OrderState saga) => saga.CurrentState switch
    {
        OrderStatus.Cancelled => saga.CancellationReason,
        OrderStatus.Paid => saga.PaymentId,
        OrderStatus.Shipped => saga.TrackingNumber,
        _ => null,
    };

    private static void Touch(this OrderState saga, TimeProvider clock)
    {
        // Microseconds, as PostgreSQL keeps them: the timeline (jsonb) and updated_at (timestamptz) then show one instant.
        var ticks = clock.GetUtcNow().UtcTicks;
        var now = new DateTime(ticks - (ticks % 10), DateTimeKind.Utc);
        if (saga.CreatedAt == default)
        {
            saga.CreatedAt = now;
        }

        saga.UpdatedAt = now;
    }
}
