using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orders.Api.Ops;

/// <summary>
/// The broker as the console sees it, as its own RabbitMQ user (<c>orders-ops</c>: read the <c>_error</c> queues, write
/// to the exchanges of the queues they belong to, monitor): queues through the management API, and failed messages moved
/// over AMQP. A message is moved by publishing a copy to its original queue's exchange with a publisher confirm, and only
/// then acknowledging it in the error queue: if the Api dies between the two, the broker puts the unacknowledged
/// message back in its error queue, and the copy that was already delivered is a duplicate the consumer's inbox drops
/// (same message id). A message is never lost half-way.
/// </summary>
internal sealed partial class ErrorQueues(IHttpClientFactory http, IOptions<OpsOptions> options, IConfiguration configuration, ILogger<ErrorQueues> logger)
    : IAsyncDisposable
{
    public const string ConnectionName = "RabbitMqOps";

    public const string ManagementClient = "rabbitmq-management";

    private const string ErrorSuffix = "_error";

    // AMQP's reply codes when a channel names a queue that does not exist, or one the console's user may not read:
    // to the console both are not one of its error queues.
    private const int NotFound = 404;
    private const int AccessRefused = 403;

    /// <summary>How many messages of one error queue the console lists, and how many one redrive-all moves at most.</summary>
    public const int Window = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    /// <summary>The ops user's amqp URI; null when the console's broker access is not configured.</summary>
    public Uri? Broker => configuration.GetConnectionString(ConnectionName) is { Length: > 0 } uri ? new Uri(uri) : null;

    public static bool IsErrorQueue(string queue) => queue.EndsWith(ErrorSuffix, StringComparison.Ordinal) && QueueName().IsMatch(queue);

    public static string OriginalQueue(string errorQueue) => errorQueue[..^ErrorSuffix.Length];

    public static void ConfigureManagement(IServiceProvider provider, HttpClient client)
    {
        var address = provider.GetRequiredService<IOptions<OpsOptions>>().Value.ManagementAddress;
        var broker = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
        if (address is null || string.IsNullOrEmpty(broker))
        {
            return;
        }

        client.BaseAddress = address;
        client.Timeout = TimeSpan.FromSeconds(10);
        var user = new Uri(broker).UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user[0]}:{(user.Length > 1 ? user[1] : string.Empty)}")));
    }

    /// <summary>Every queue of the virtual host: depth and consumers.</summary>
    public async Task<List<QueueBody>> QueuesAsync(CancellationToken cancellationToken)
    {
        using var client = Management();
        var queues = await client.GetFromJsonAsync<List<ManagementQueue>>(
            $"api/queues/{Uri.EscapeDataString(VirtualHost())}?columns=name,messages,messages_ready,messages_unacknowledged,consumers", Json, cancellationToken);
        return [.. (queues ?? []).OrderBy(q => q.Name, StringComparer.Ordinal)
            .Select(q => new QueueBody(q.Name, q.Messages ?? 0, q.MessagesReady ?? 0, q.MessagesUnacknowledged ?? 0, q.Consumers ?? 0))];
    }

    /// <summary>Every error queue with the messages resting in it (up to <see cref="Window"/> each), read without taking them.</summary>
    public async Task<List<FailedQueueBody>> FailedAsync(CancellationToken cancellationToken)
    {
        var failed = new List<FailedQueueBody>();
        foreach (var queue in (await QueuesAsync(cancellationToken)).Where(q => IsErrorQueue(q.Name)))
        {
            var sample = new List<FailedMessageBody>();
            if (queue.Ready > 0)
            {
                // Peeked as the management page does: fetched and put back. The error queues have a delivery limit that
                // dead-letters into the error queue itself, so a message peeked many times still stays where it is.
                using var client = Management();
                using var response = await client.PostAsJsonAsync(
                    $"api/queues/{Uri.EscapeDataString(VirtualHost())}/{Uri.EscapeDataString(queue.Name)}/get",
                    new { count = Window, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50_000 }, Json, cancellationToken);
                response.EnsureSuccessStatusCode();
                foreach (var message in await response.Content.ReadFromJsonAsync<List<ManagementMessage>>(Json, cancellationToken) ?? [])
                {
                    sample.Add(FailedMessage.Describe(message.Properties?.MessageId, message.Properties?.Headers, message.Payload));
                }
            }

            failed.Add(new FailedQueueBody(queue.Name, OriginalQueue(queue.Name), queue.Messages, sample));
        }

        return failed;
    }

    /// <summary>Moves the message <paramref name="messageId"/> (or, when null, every message) of the error queue back to its original queue.</summary>
    /// <returns>How many messages were moved; null when the error queue does not exist.</returns>
    public Task<int?> RedriveAsync(string errorQueue, string? messageId, CancellationToken cancellationToken) =>
        TakeAsync(errorQueue, messageId, redrive: true, cancellationToken);

    /// <summary>Removes the message <paramref name="messageId"/> from the error queue for good.</summary>
    public Task<int?> DiscardAsync(string errorQueue, string messageId, CancellationToken cancellationToken) =>
        TakeAsync(errorQueue, messageId, redrive: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<int?> TakeAsync(string errorQueue, string? messageId, bool redrive, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var original = OriginalQueue(errorQueue);
        var moved = 0;
        var passedOver = new List<ulong>();
        try
        {
            for (var i = 0; i < Window; i++)
            {
                var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                if (messageId is not null && message.BasicProperties.MessageId != messageId)
                {
                    passedOver.Add(message.DeliveryTag);
                    continue;
                }

                if (redrive)
                {
                    // Mandatory: a copy the exchange cannot route to the queue comes back as an exception, and the
                    // message stays in the error queue (the channel closes with it unacknowledged).
                    await channel.BasicPublishAsync(
                        original, string.Empty, mandatory: true, FailedMessage.Redriven(message.BasicProperties), message.Body, cancellationToken);
                }

                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                moved++;
                if (messageId is not null)
                {
                    break;
                }
            }
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode is NotFound or AccessRefused && moved == 0)
        {
            return null;
        }
        catch (PublishException exception)
        {
            logger.LogError(exception, "A failed message of {Queue} could not be sent back to {Original}; it stays in {Queue}", errorQueue, original, errorQueue);
            throw new RedriveRefusedException($"The broker did not take the message back into {original}; it stays in {errorQueue}.", exception);
        }
        finally
        {
            foreach (var tag in passedOver)
            {
                await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
            }
        }

        return moved;
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } opened)
            {
                return opened;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            var broker = Broker ?? throw new OpsNotConfiguredException($"ConnectionStrings:{ConnectionName}");
            var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "orders-api-ops" };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private HttpClient Management()
    {
        if (options.Value.ManagementAddress is null || Broker is null)
        {
            throw new OpsNotConfiguredException(options.Value.ManagementAddress is null ? "Ops:ManagementAddress" : $"ConnectionStrings:{ConnectionName}");
        }

        return http.CreateClient(ManagementClient);
    }

    private string VirtualHost() => Broker!.AbsolutePath.TrimStart('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$")]
    private static partial Regex QueueName();

    private sealed record ManagementQueue(string Name, long? Messages, long? MessagesReady, long? MessagesUnacknowledged, int? Consumers);

    private sealed record ManagementMessage(string? Payload, string? PayloadEncoding, ManagementProperties? Properties);

    private sealed record ManagementProperties(string? MessageId, Dictionary<string, JsonElement>? Headers);
}
