using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Messaging;
using Orders.Testing;

namespace Orders.Benchmarks.Messaging;

/// <summary>
/// Messages per second through the outbox and the commit → consumed latency, on the local PostgreSQL and RabbitMQ
/// (a fresh database and virtual host, dropped afterwards). Each hop is a consumed message that updates a row and
/// publishes the next hop through the consumer outbox.
/// </summary>
public static class OutboxBenchmark
{
    public static async Task<int> RunAsync(BenchmarkSettings settings)
    {
        await using var database = await TestDatabase.CreateAsync("bench");
        await using var virtualHost = await TestVirtualHost.CreateAsync("bench");
        var options = new DbContextOptionsBuilder<BenchDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using (var db = new BenchDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var recorder = new HopRecorder();
        using var host = BuildHost(database, virtualHost, recorder, settings);
        await host.StartAsync();

        Console.WriteLine($"warm-up: {settings.WarmupChains} chains x {settings.Hops} hops");
        await RunChainsAsync(host, recorder, settings.WarmupChains, settings.Hops);

        var commitsBefore = await CommitsAsync(database);
        recorder.Recording = true;
        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await RunChainsAsync(host, recorder, settings.Chains, settings.Hops);
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var commits = await CommitsAsync(database) - commitsBefore;
        await host.StopAsync();

        var messages = settings.Chains * settings.Hops;
        Console.WriteLine();
        Console.WriteLine($"chains x hops            {settings.Chains} x {settings.Hops} = {messages} consumed messages (concurrency {settings.Concurrency})");
        Console.WriteLine($"elapsed                  {stopwatch.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"throughput               {messages / stopwatch.Elapsed.TotalSeconds:F0} messages/s");
        Console.WriteLine($"commit -> consumed       p50 {recorder.Percentile(50):F1} ms, p99 {recorder.Percentile(99):F1} ms, max {recorder.Percentile(100):F1} ms ({recorder.Count} samples)");
        Console.WriteLine($"PostgreSQL commits       {(double)commits / messages:F2} per consumed message (all transactions of the run, delivery included)");
        Console.WriteLine($"CPU of this process      {cpu.TotalMilliseconds / messages:F2} core-ms per message (consumer and delivery; PostgreSQL and RabbitMQ not included)");
        return 0;
    }

    private static IHost BuildHost(TestDatabase database, TestVirtualHost virtualHost, HopRecorder recorder, BenchmarkSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddDbContext<BenchDbContext>(o => o.UseNpgsql(database.ConnectionString + ";No Reset On Close=true"));
        builder.Services.AddMassTransit(x =>
        {
            x.AddPostgresOutbox<BenchDbContext>(o => o.UseBusOutbox());
            x.AddConsumer<HopConsumer>();
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                endpoint.ConcurrentMessageLimit = settings.Concurrency;
                endpoint.UseMessageRetry(r => r.Immediate(5));
                endpoint.UsePostgresOutbox<BenchDbContext>(context);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(virtualHost.AmqpUri);
                cfg.PrefetchCount = settings.Concurrency * 2;
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder.Build();
    }

    private static async Task RunChainsAsync(IHost host, HopRecorder recorder, int chains, int hops)
    {
        recorder.Expect(chains);
        await Parallel.ForEachAsync(Enumerable.Range(0, chains), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
            var chain = new Chain { Id = NewId.NextGuid() };
            db.Chains.Add(chain);
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Hop(chain.Id, hops, DateTime.UtcNow), ct);
            await db.SaveChangesAsync(ct);
        });
        await recorder.AllFinished.WaitAsync(TimeSpan.FromMinutes(10));
    }

    private static async Task<long> CommitsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        // Statistics are sent to the collector with a small delay; a snapshot clear makes this read current.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
