using MassTransit;
using Orders.Contracts;

namespace Orders.Workers.Tests.Hosting;

/// <summary>Subscribes the observer bus to every event of the order flow and records them.</summary>
public sealed class EventRecorder(RecordedEvents recorded) :
    IConsumer<OrderStatusChanged>,
    IConsumer<PaymentCompleted>,
    IConsumer<PaymentFailed>,
    IConsumer<PaymentRefunded>,
    IConsumer<OrderShipped>,
    IConsumer<ShipmentFailed>,
    IConsumer<StockCommitted>,
    IConsumer<StockReleased>
{
    public Task Consume(ConsumeContext<OrderStatusChanged> context) => Record(context);

    public Task Consume(ConsumeContext<PaymentCompleted> context) => Record(context);

    public Task Consume(ConsumeContext<PaymentFailed> context) => Record(context);

    public Task Consume(ConsumeContext<PaymentRefunded> context) => Record(context);

    public Task Consume(ConsumeContext<OrderShipped> context) => Record(context);

    public Task Consume(ConsumeContext<ShipmentFailed> context) => Record(context);

    public Task Consume(ConsumeContext<StockCommitted> context) => Record(context);

    public Task Consume(ConsumeContext<StockReleased> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        recorded.Add(context.Message);
        return Task.CompletedTask;
    }
}
