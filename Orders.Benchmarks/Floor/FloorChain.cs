using System.Collections.Concurrent;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Orders.Benchmarks.Floor;

/// <summary>The durable steps of the floor: the order's transaction and message, and the consumer of its hops.</summary>
internal sealed class FloorChain(NpgsqlDataSource dataSource, IConnection connection, int hops) : IAsyncDisposable
{
    private const string Queue = "floor-hops";

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();
    private readonly ConcurrentBag<IChannel> _publishers = [];
    private IChannel? _consumer;

    public async Task StartAsync(int chains)
    {
        _consumer = await connection.CreateChannelAsync();
        await _consumer.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await _consumer.BasicQosAsync(0, (ushort)Math.Min(chains * 2, ushort.MaxValue), false);
        for (var i = 0; i < Math.Max(1, chains / 4); i++)
        {
            _publishers.Add(await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)));
        }

        var consumer = new AsyncEventingBasicConsumer(_consumer);
        consumer.ReceivedAsync += (_, delivery) => HopAsync(delivery);
        await _consumer.BasicConsumeAsync(Queue, autoAck: false, consumer);
    }

    /// <summary>One order: its transaction, its first message, and every hop until the last one commits.</summary>
    public async Task PlaceAsync()
    {
        var orderId = Guid.CreateVersion7();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[orderId] = done;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = new NpgsqlCommand("INSERT INTO floor.orders (id, hops, created_at) VALUES ($1, 0, now())", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = orderId });
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await PublishAsync(orderId, hops);
        await done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _publishers)
        {
            await channel.DisposeAsync();
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }
    }

    private async Task HopAsync(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.Span;
        var orderId = new Guid(body[..16]);
        var remaining = BitConverter.ToInt32(body[16..]);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("INSERT INTO floor.inbox (message_id, received_at) VALUES ($1, now())") { Parameters = { new() { Value = Guid.Parse(delivery.BasicProperties.MessageId!) } } },
                    new NpgsqlBatchCommand("UPDATE floor.orders SET hops = hops + 1 WHERE id = $1") { Parameters = { new() { Value = orderId } } },
                },
            };
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        if (remaining > 1)
        {
            await PublishAsync(orderId, remaining - 1);
        }
        else if (_waiting.TryRemove(orderId, out var done))
        {
            done.SetResult();
        }

        await _consumer!.BasicAckAsync(delivery.DeliveryTag, multiple: false);
    }

    private async Task PublishAsync(Guid orderId, int remaining)
    {
        var body = new byte[20];
        orderId.TryWriteBytes(body);
        BitConverter.TryWriteBytes(body.AsSpan(16), remaining);
        var properties = new BasicProperties { Persistent = true, MessageId = Guid.CreateVersion7().ToString() };
        if (!_publishers.TryTake(out var channel))
        {
            channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        }

        try
        {
            // With confirmation tracking, the call returns once the broker has confirmed the persisted message.
            await channel.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, body);
        }
        finally
        {
            _publishers.Add(channel);
        }
    }
}
