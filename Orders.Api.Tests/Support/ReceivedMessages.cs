using System.Collections.Concurrent;
using MassTransit;

namespace Orders.Api.Tests.Support;

/// <summary>Counts the messages a bus has received to the end (consumer done, transaction committed), by message id.</summary>
public sealed class ReceivedMessages : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

    public int Count(Guid messageId) => _counts.GetValueOrDefault(messageId);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        if (context.TransportHeaders.Get<string>("MessageId") is { } text && Guid.TryParse(text, out var messageId))
        {
            _counts.AddOrUpdate(messageId, 1, (_, count) => count + 1);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
