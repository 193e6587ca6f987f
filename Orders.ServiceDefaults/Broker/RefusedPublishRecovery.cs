using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.ServiceDefaults.Broker;

/// <summary>
/// Reopens the broker connection when the broker keeps refusing (nacking) messages sent on it.
/// <para>
/// RabbitMQ 3.10 can leave a channel whose first message to a quorum queue arrived during that queue's leader election
/// refusing every later message to the queue, for as long as the channel lives. A service that loses its node
/// reconnects and publishes at once, so this is what a node loss typically does to it. MassTransit keeps its publishing
/// channel open through refusals and retries into it, and so would the outbox, forever. A new connection, with new
/// channels, publishes normally; closing the connection makes MassTransit open one, as after a broker restart, and
/// the refused messages, still in the outbox, go out on it. MassTransit tells its send observers of every refused
/// attempt, also of those its own retries hide from the sender.
/// </para>
/// </summary>
internal sealed partial class RefusedPublishRecovery(IServiceProvider services, TimeProvider timeProvider, ILogger<RefusedPublishRecovery> logger)
    : ISendObserver
{
    /// <summary>Refusals since the last reopening that trigger the next one.</summary>
    private const int Threshold = 3;

    /// <summary>Shortest time between two reopenings, so that a broker that refuses for another reason is not hammered.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private int _refused;
    private DateTimeOffset _lastReopened = DateTimeOffset.MinValue;
    private Task _reopening = Task.CompletedTask;

    public Task PreSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class
    {
        if (RefusedByBroker(exception))
        {
            Refused();
        }

        return Task.CompletedTask;
    }

    private void Refused()
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (++_refused < Threshold || now - _lastReopened < MinimumInterval || !_reopening.IsCompleted)
            {
                return;
            }

            _refused = 0;
            _lastReopened = now;
            _reopening = Task.Run(ReopenAsync);
        }
    }

    /// <summary>A negative publisher confirm; a returned (unroutable) message is not one.</summary>
    private static bool RefusedByBroker(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is RabbitMQ.Client.Exceptions.PublishException { IsReturn: false })
            {
                return true;
            }
        }

        return false;
    }

    private async Task ReopenAsync()
    {
        try
        {
            if (services.GetService<IBusInstance>()?.HostConfiguration is not IRabbitMqHostConfiguration host)
            {
                return;
            }

            LogReopening(logger, Threshold);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.ConnectionContextSupervisor.Send(
                Pipe.ExecuteAsync<ConnectionContext>(context =>
                    context.Connection.CloseAsync(200, "reopened by Orders after refused publishes", TimeSpan.FromSeconds(5), abort: false)),
                timeout.Token);
        }
        catch (Exception exception)
        {
            // The connection may already be gone; MassTransit reconnects either way.
            LogReopenFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The broker refused {Count} messages; closing the connection so that new channels carry them")]
    private static partial void LogReopening(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the broker connection after refused publishes failed")]
    private static partial void LogReopenFailed(ILogger logger, Exception exception);
}
