using System.Net.Http.Json;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orders.Testing.Quiet;

/// <summary>
/// Lists the virtual host's queues through the management API and reports those holding messages (ready, or delivered
/// to a consumer and not yet acknowledged). The management API's figures are sampled every few seconds, so a queue it
/// reports empty is asked again over AMQP (a passive declare answers with the ready count as of now).
/// Error and skipped queues hold dead messages, not work: they are reported apart and never keep the system busy.
/// </summary>
internal sealed class QueueProbe(TestVirtualHost virtualHost) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ManagementJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private IConnection? _connection;
    private IChannel? _channel;

    public async Task<(IReadOnlyList<string> Busy, IReadOnlyList<string> Dead)> ReadAsync(CancellationToken cancellationToken)
    {
        var queues = await virtualHost.Management.GetFromJsonAsync<List<QueueDepth>>(
            $"api/queues/{Uri.EscapeDataString(virtualHost.Name)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers",
            ManagementJson,
            cancellationToken) ?? [];
        var busy = new List<string>();
        var dead = new List<string>();
        foreach (var queue in queues)
        {
            var dying = queue.Name.EndsWith("_error", StringComparison.Ordinal) || queue.Name.EndsWith("_skipped", StringComparison.Ordinal);
            var ready = queue.Messages == 0 && !dying ? (int)await ReadyNowAsync(queue.Name, cancellationToken) : queue.MessagesReady;
            if (queue.Messages == 0 && ready == 0)
            {
                continue;
            }

            var line = $"queue {queue.Name}: {Math.Max(ready, queue.MessagesReady)} ready, {queue.MessagesUnacknowledged} being consumed, {queue.Consumers} consumers";
            (dying ? dead : busy).Add(line);
        }

        return (busy, dead);
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<uint> ReadyNowAsync(string queue, CancellationToken cancellationToken)
    {
        _connection ??= await new ConnectionFactory { Uri = virtualHost.AmqpUri }.CreateConnectionAsync(cancellationToken);
        if (_channel is not { IsOpen: true })
        {
            _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        }

        try
        {
            return (await _channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            // Deleted since the listing (a temporary queue): it holds nothing. The broker closed the channel; the next
            // question opens another.
            return 0;
        }
    }
}
