using System.Collections.Concurrent;
using MassTransit;
using Orders.Contracts;

namespace Orders.Api.Tests.Support;

/// <summary>
/// The other end of the bus, in the test's virtual host: records every <see cref="OrderSubmitted"/>, answers
/// <see cref="CancelOrder"/> on the saga's queue as a test tells it (or not at all), and writes the progress the saga
/// would (<see cref="Progress"/>): an accepted cancellation is stored before it is answered, as the saga commits first.
/// </summary>
public sealed class SagaDouble : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentDictionary<Guid, OrderSubmitted> _submitted = new();
    private readonly ConcurrentDictionary<Guid, Func<CancelOrder, Task<object>>> _cancelAnswers = new();
    private readonly ConcurrentDictionary<Guid, int> _cancelRequests = new();

    private SagaDouble(IBusControl bus, SagaProgress progress)
    {
        _bus = bus;
        Progress = progress;
    }

    public SagaProgress Progress { get; }

    public static async Task<SagaDouble> StartAsync(Uri rabbitMq, string database)
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
                    await context.RespondAsync(await answer(context.Message));
                }
            }));
        });
        saga = new SagaDouble(bus, new SagaProgress(database));
        await bus.StartAsync();
        return saga;
    }

    public OrderSubmitted? Submitted(Guid orderId) => _submitted.GetValueOrDefault(orderId);

    public int SubmittedCount => _submitted.Count;

    public int CancelRequests(Guid orderId) => _cancelRequests.GetValueOrDefault(orderId);

    public void AcceptCancellation(Guid orderId) => _cancelAnswers[orderId] = async request =>
    {
        await Progress.ReachAsync(request.OrderId, OrderStatus.Cancelled, DateTime.UtcNow, CancellationReason.CancelledByCustomer);
        return new OrderCancellationAccepted(request.OrderId, DateTime.UtcNow);
    };

    public void RejectCancellation(Guid orderId, string currentStatus) =>
        _cancelAnswers[orderId] = request => Task.FromResult<object>(new OrderCancellationRejected(request.OrderId, currentStatus));

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
