namespace Orders.Benchmarks.Load;

/// <summary>CPU time of each service, of the shared servers and of the benchmark itself at one instant.</summary>
public sealed record CpuSnapshot(IReadOnlyDictionary<string, double> Milliseconds)
{
    /// <summary>Everything PostgreSQL and RabbitMQ run as; on a shared machine this includes others' use of them.</summary>
    public const string PostgreSql = "postgresql (whole server)";

    public const string RabbitMq = "rabbitmq (whole server)";

    public const string Benchmark = "benchmark client";

    public static CpuSnapshot Take(IEnumerable<ServiceProcess> services)
    {
        var cpu = services.ToDictionary(s => s.Name, s => ProcessMeter.CpuMilliseconds(s.ProcessId) ?? double.NaN, StringComparer.Ordinal);
        cpu[PostgreSql] = ProcessMeter.CpuMillisecondsOfAll("postgres");
        cpu[RabbitMq] = ProcessMeter.CpuMillisecondsOfAll("beam.smp");
        cpu[Benchmark] = ProcessMeter.CpuMilliseconds(Environment.ProcessId) ?? double.NaN;
        return new CpuSnapshot(cpu);
    }

    public IReadOnlyDictionary<string, double> Since(CpuSnapshot earlier) =>
        Milliseconds.ToDictionary(x => x.Key, x => x.Value - earlier.Milliseconds.GetValueOrDefault(x.Key), StringComparer.Ordinal);
}
