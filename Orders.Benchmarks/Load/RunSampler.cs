using System.Net.Http.Json;
using Npgsql;

namespace Orders.Benchmarks.Load;

/// <summary>
/// Once a second during a run: pending outbox rows of each schema (one statement), RabbitMQ's queue depths (one call
/// to the management API, whose figures refresh every 5 s by default), and each service's CPU time and memory.
/// Cheap enough not to disturb the load: one query, one HTTP call and a few /proc reads per second.
/// </summary>
public sealed class RunSampler(SystemUnderTest system, Func<double> now)
{
    public static readonly string[] OutboxSchemas = ["ordering", "workflow", "payments", "shipping"];

    // Pending rows of each outbox, then the database's committed transactions so far (every service's, one database).
    private static readonly string PendingSql = "SELECT " + string.Join(", ", OutboxSchemas.Select(schema =>
        $"(SELECT count(*) FROM {schema}.outbox_messages WHERE enqueue_time IS NULL OR enqueue_time <= now())")) +
        ", (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())";

    private readonly List<Sample> _samples = [];

    public IReadOnlyList<Sample> Samples => _samples;

    public async Task RunAsync(CancellationToken stop)
    {
        await using var dataSource = NpgsqlDataSource.Create(system.Database.ConnectionString);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                try
                {
                    _samples.Add(await TakeAsync(dataSource, stop));
                }
                catch (Exception exception) when (exception is NpgsqlException or HttpRequestException)
                {
                    // A sample lost to a dropped connection is a gap in the chart, not the end of the run.
                    Console.Error.WriteLine($"sample skipped: {exception.Message}");
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private async Task<Sample> TakeAsync(NpgsqlDataSource dataSource, CancellationToken stop)
    {
        var at = now();
        var outbox = new Dictionary<string, long>(StringComparer.Ordinal);
        long commits;
        await using (var pending = dataSource.CreateCommand(PendingSql))
        await using (var reader = await pending.ExecuteReaderAsync(stop))
        {
            await reader.ReadAsync(stop);
            for (var i = 0; i < OutboxSchemas.Length; i++)
            {
                outbox[OutboxSchemas[i]] = reader.GetInt64(i);
            }

            commits = reader.GetInt64(OutboxSchemas.Length);
        }

        var queues = await system.VirtualHost.Management.GetFromJsonAsync<QueueRow[]>(
            $"api/queues/{Uri.EscapeDataString(system.VirtualHost.Name)}?columns=name,messages", stop) ?? [];
        var services = system.Processes.ToDictionary(
            p => p.Name,
            p => new ServiceSample(ProcessMeter.CpuMilliseconds(p.ProcessId) ?? double.NaN, ProcessMeter.MemoryMebibytes(p.ProcessId)?.Rss ?? double.NaN),
            StringComparer.Ordinal);
        return new Sample(
            Math.Round(at, 3),
            commits,
            outbox,
            queues.Where(q => q.Messages > 0).ToDictionary(q => q.Name, q => q.Messages, StringComparer.Ordinal),
            services);
    }

    private sealed record QueueRow(string Name, long Messages);
}

public sealed record Sample(double Second, long Commits, IReadOnlyDictionary<string, long> OutboxPending, IReadOnlyDictionary<string, long> QueueDepths, IReadOnlyDictionary<string, ServiceSample> Services);

public sealed record ServiceSample(double CpuMilliseconds, double RssMebibytes);
