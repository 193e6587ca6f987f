using System.Collections.Concurrent;
using MassTransit;
using Orders.Contracts;

namespace Orders.Api.Tests.Support;

/// <summary>
/// The other end of the bus, in the test's virtual host: records every <see cref="OrderSubmitted"/>, answers
/// <see cref="CancelOrder"/> on the saga's queue as a test tells it (or not at all), and publishes status changes.
/// </summary>
public sealed class SagaDouble : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentDictionary<Guid, OrderSubmitted> _submitted = new();
    private readonly ConcurrentDictionary<Guid, Func<CancelOrder, object>> _cancelAnswers = new();
    private readonly ConcurrentDictionary<Guid, int> _cancelRequests = new();

    private SagaDouble(IBusControl bus) => _bus = bus;

    public static async Task<SagaDouble> StartAsync(Uri rabbitMq)
    {
        SagaDouble? saga = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(rabbitMq);
            rabbit.ReceiveEndpoint("test-order-submitted", endpoint => endpoint.Handler<OrderSubmitted>(context =>
            {
                saga!._submitted[context.Message.OrderId] = context.Message;
                return Task.CompletedTask;
            }));
            rabbit.ReceiveEndpoint(Endpoints.OrderSaga, endpoint => endpoint.Handler<CancelOrder>(async context =>
            {
                saga!._cancelRequests.AddOrUpdate(context.Message.OrderId, 1, (_, count) => count + 1);
                if (saga._cancelAnswers.TryGetValue(context.Message.OrderId, out var answer))
                {
                    await context.RespondAsync(answer(context.Message));
                }
            }));
        });
        saga = new SagaDouble(bus);
        await bus.StartAsync();
        return saga;
    }

    public OrderSubmitted? Submitted(Guid orderId) => _submitted.GetValueOrDefault(orderId);

    public int SubmittedCount => _submitted.Count;

    public int CancelRequests(Guid orderId) => _cancelRequests.GetValueOrDefault(orderId);

    public void AcceptCancellation(Guid orderId) => _cancelAnswers[orderId] = request => new OrderCancellationAccepted(request.OrderId, DateTime.UtcNow);

    public void RejectCancellation(Guid orderId, string currentStatus) =>
        _cancelAnswers[orderId] = request => new OrderCancellationRejected(request.OrderId, currentStatus);

    /// <summary>Publishes a status change with a known message id, so a test can wait for its consumption or repeat it.</summary>
    public async Task<Guid> PublishAsync(OrderStatusChanged change, Guid? messageId = null)
    {
        var id = messageId ?? NewId.NextGuid();
        await _bus.Publish(change, context => context.MessageId = id);
        return id;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
