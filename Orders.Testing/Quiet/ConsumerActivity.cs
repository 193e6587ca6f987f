using System.Collections.Concurrent;
using MassTransit;

namespace Orders.Testing.Quiet;

/// <summary>Messages an in-process bus has received and not yet finished (consumed and acknowledged, or faulted).</summary>
internal sealed class ConsumerActivity : IReceiveObserver
{
    private readonly ConcurrentDictionary<ReceiveContext, Uri> _running = new();

    public IReadOnlyList<string> Running() =>
        _running.Values.GroupBy(x => x.AbsolutePath).Select(x => $"consumer on {x.Key.TrimStart('/')}: {x.Count()} message(s) running").ToList();

    public Task PreReceive(ReceiveContext context)
    {
        _running[context] = context.InputAddress;
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        _running.TryRemove(context, out _);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        _running.TryRemove(context, out _);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;
}
