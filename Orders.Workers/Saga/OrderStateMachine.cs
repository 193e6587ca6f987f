using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.ServiceDefaults.Broker;

namespace Orders.Workers.Saga;

/// <summary>
/// The life of one order, row by row as in ARCHITECTURE.md's saga table. Every transition publishes
/// <see cref="OrderStatusChanged"/>; an event that does not apply to the current state (a duplicate, or one overtaken
/// by another) is logged and ignored, never thrown into a retry loop.
/// </summary>
public sealed class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    private readonly Uri _paymentsQueue;
    private readonly Uri _shippingQueue;
    private readonly Uri _stockQueue;

    public OrderStateMachine(IOptions<WorkflowOptions> options, IOptions<BrokerOptions> broker, TimeProvider clock, ILogger<OrderStateMachine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(logger);
        _paymentsQueue = broker.Value.CommandAddress(Endpoints.Payments);
        _shippingQueue = broker.Value.CommandAddress(Endpoints.Shipping);
        _stockQueue = broker.Value.CommandAddress(Endpoints.Stock);

        InstanceState(x => x.CurrentState);

        // OrderSubmitted and CancelOrder may start an order (a cancel can overtake the submission); every other event
        // needs an existing one and is dropped, with a log line, when there is none.
        Event(() => OrderSubmitted, e => e.CorrelateById(x => x.Message.OrderId));
        Event(() => CancelOrder, e => e.CorrelateById(x => x.Message.OrderId));
        Event(() => PaymentCompleted, e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId))));
        Event(() => PaymentFailed, e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId))));
        Event(() => OrderShipped, e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId))));
        Event(() => ShipmentFailed, e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId))));
        Event(() => StockCommitted, e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId))));
        Schedule(() => PaymentTimeout, x => x.PaymentTimeoutTokenId, s =>
        {
            s.Delay = options.Value.PaymentTimeout;
            s.Received = e => e.CorrelateById(x => x.Message.OrderId).OnMissingInstance(m => m.Execute(x => logger.UnknownOrder(x, x.Message.OrderId)));
        });

        Initially(
            When(OrderSubmitted)
                .RecordOrder(clock)
                .TransitionTo(Submitted)
                .PublishStatusChanged(clock)
                .Send(_paymentsQueue, context => new ProcessPayment(
                    context.Saga.CorrelationId, context.Saga.Total, context.Saga.Currency!, context.Saga.PaymentToken!))
                .Schedule(PaymentTimeout, context => new PaymentTimeout(context.Saga.CorrelationId)),
            When(CancelOrder)
                .Then(context => context.Saga.CancellationReason = CancellationReason.CancelledByCustomer)
                .TransitionTo(Cancelled)
                .PublishStatusChanged(clock)
                .RespondCancellationAccepted(clock));

        During(Submitted,
            When(PaymentCompleted)
                .Unschedule(PaymentTimeout)
                .Then(context => context.Saga.PaymentId = context.Message.PaymentId)
                .TransitionTo(Paid)
                .PublishStatusChanged(clock)
                .Send(_shippingQueue, context => new ShipOrder(context.Saga.CorrelationId, context.Saga.ShippingAddress!, context.Saga.Items)),
            When(PaymentFailed)
                .Unschedule(PaymentTimeout)
                .Then(context => context.Saga.CancellationReason = CancellationReason.PaymentDeclined)
                .TransitionTo(Cancelled)
                .PublishStatusChanged(clock, failed => failed.Reason)
                .Send(_stockQueue, context => new ReleaseStock(context.Saga.CorrelationId)),
            When(PaymentTimeout.Received)
                .Then(context => context.Saga.CancellationReason = CancellationReason.PaymentTimeout)
                .TransitionTo(Cancelled)
                .PublishStatusChanged(clock)
                .Send(_stockQueue, context => new ReleaseStock(context.Saga.CorrelationId)),
            When(CancelOrder)
                .Unschedule(PaymentTimeout)
                .Then(context => context.Saga.CancellationReason = CancellationReason.CancelledByCustomer)
                .TransitionTo(Cancelled)
                .PublishStatusChanged(clock)
                .Send(_stockQueue, context => new ReleaseStock(context.Saga.CorrelationId))
                .RespondCancellationAccepted(clock));

        During(Paid,
            When(OrderShipped)
                .Then(context => context.Saga.TrackingNumber = context.Message.TrackingNumber)
                .TransitionTo(Shipped)
                .PublishStatusChanged(clock)
                .Send(_stockQueue, context => new CommitStock(context.Saga.CorrelationId)),
            When(ShipmentFailed)
                .Then(context => context.Saga.CancellationReason = CancellationReason.ShipmentFailed)
                .TransitionTo(Cancelled)
                .PublishStatusChanged(clock)
                .Send(_paymentsQueue, context => new RefundPayment(context.Saga.CorrelationId))
                .Send(_stockQueue, context => new ReleaseStock(context.Saga.CorrelationId)));

        During(Shipped,
            When(StockCommitted)
                .TransitionTo(Completed)
                .PublishStatusChanged(clock));

        // Late arrivals at a cancelled order: neither the reservation nor the money is ever kept.
        During(Cancelled,
            When(OrderSubmitted)
                .RecordOrder(clock)
                .Send(_stockQueue, context => new ReleaseStock(context.Saga.CorrelationId)),
            When(PaymentCompleted)
                .Then(context => context.Saga.PaymentId ??= context.Message.PaymentId)
                .Send(_paymentsQueue, context => new RefundPayment(context.Saga.CorrelationId)));

        During(Paid, Shipped, Completed, Cancelled,
            When(CancelOrder)
                .RespondAsync(context => Task.FromResult(new OrderCancellationRejected(context.Saga.CorrelationId, context.Saga.CurrentState))));

        OnUnhandledEvent(context =>
        {
            logger.IgnoredEvent(context.Event.Name, context.Saga.CorrelationId, context.CurrentState.Name);
            return context.Ignore();
        });
    }

    public State Submitted { get; private set; } = null!;

    public State Paid { get; private set; } = null!;

    public State Shipped { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<OrderSubmitted> OrderSubmitted { get; private set; } = null!;

    public Event<CancelOrder> CancelOrder { get; private set; } = null!;

    public Event<PaymentCompleted> PaymentCompleted { get; private set; } = null!;

    public Event<PaymentFailed> PaymentFailed { get; private set; } = null!;

    public Event<OrderShipped> OrderShipped { get; private set; } = null!;

    public Event<ShipmentFailed> ShipmentFailed { get; private set; } = null!;

    public Event<StockCommitted> StockCommitted { get; private set; } = null!;

    public Schedule<OrderState, PaymentTimeout> PaymentTimeout { get; private set; } = null!;
}
