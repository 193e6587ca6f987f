using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Orders.Benchmarks.Load;
using Orders.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Orders.Benchmarks.Floor;

/// <summary>
/// The machine's floor for an order's durable work, with nothing but raw Npgsql and RabbitMQ.Client: an order is
/// one transaction that stores it and one persistent, publisher-confirmed message, then as many hops as the real flow
/// consumes messages, each hop one transaction (inbox row + state update) and, but for the last, the next confirmed
/// message, acknowledged after both. Closed loop: each chain starts its next order when its last one is done.
/// </summary>
public static class FloorBenchmark
{
    private const string Schema =
        """
        CREATE SCHEMA floor;
        CREATE TABLE floor.orders (id uuid PRIMARY KEY, hops int NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE floor.inbox (message_id uuid PRIMARY KEY, received_at timestamptz NOT NULL);
        """;

    public static async Task<FloorResult> RunAsync(int chains, int hops, TimeSpan duration, TimeSpan warmup)
    {
        await using var database = await TestDatabase.CreateAsync("floor");
        await using var virtualHost = await TestVirtualHost.CreateAsync("floor");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString + ";No Reset On Close=true");
        await using (var create = dataSource.CreateCommand(Schema))
        {
            await create.ExecuteNonQueryAsync();
        }

        var factory = new ConnectionFactory { Uri = virtualHost.AmqpUri, ConsumerDispatchConcurrency = (ushort)Math.Min(chains, ushort.MaxValue) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var chain = new FloorChain(dataSource, connection, hops);
        await chain.StartAsync(chains);

        var latencies = new LatencyLog();
        var completedBySecond = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var origin = warmup;
        var end = warmup + duration;
        double cpuAtStart = 0;
        using var startSignal = new Timer(_ => cpuAtStart = ProcessMeter.CpuMilliseconds(Environment.ProcessId) ?? 0, null, warmup, Timeout.InfiniteTimeSpan);
        await Task.WhenAll(Enumerable.Range(0, chains).Select(async _ =>
        {
            while (clock.Elapsed < end)
            {
                var started = clock.Elapsed;
                await chain.PlaceAsync();
                var second = (started - origin).TotalSeconds;
                latencies.Add(second, (clock.Elapsed - started).TotalMilliseconds);
                completedBySecond.AddOrUpdate((int)Math.Floor((clock.Elapsed - origin).TotalSeconds), 1, (_, n) => n + 1);
            }
        }));
        var cpu = (ProcessMeter.CpuMilliseconds(Environment.ProcessId) ?? 0) - cpuAtStart;
        var completed = completedBySecond.Where(x => x.Key >= 0 && x.Key < duration.TotalSeconds).Sum(x => x.Value);
        return new FloorResult(
            chains,
            hops,
            completed / duration.TotalSeconds,
            latencies.Summary(0, duration.TotalSeconds),
            completed == 0 ? double.NaN : cpu / completed);
    }
}

/// <summary>Floor orders per second, the latency of one order's whole chain, and this process's CPU per order.</summary>
public sealed record FloorResult(int Chains, int Hops, double OrdersPerSecond, LatencySummary OrderLatency, double CpuMillisecondsPerOrder);

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
