using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Orders.Benchmarks.Load;
using Orders.Testing;
using RabbitMQ.Client;

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
