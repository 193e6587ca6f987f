namespace Orders.Benchmarks.Load;

/// <summary>CPU time of each service, of the shared servers and of the benchmark itself at one instant.</summary>
public sealed record CpuSnapshot(IReadOnlyDictionary<string, double> Milliseconds, IReadOnlyDictionary<string, IReadOnlyDictionary<int, double>> Servers)
{
    /// <summary>Everything PostgreSQL and RabbitMQ run as; on a shared machine this includes others' use of them.</summary>
    public const string PostgreSql = "postgresql (whole server)";

    public const string RabbitMq = "rabbitmq (whole server)";

    public const string Benchmark = "benchmark client";

    public static CpuSnapshot Take(IEnumerable<ServiceProcess> services)
    {
        var cpu = services.ToDictionary(s => s.Name, s => ProcessMeter.CpuMilliseconds(s.ProcessId) ?? double.NaN, StringComparer.Ordinal);
        cpu[Benchmark] = ProcessMeter.CpuMilliseconds(Environment.ProcessId) ?? double.NaN;
        return new CpuSnapshot(cpu, new Dictionary<string, IReadOnlyDictionary<int, double>>(StringComparer.Ordinal)
        {
            [PostgreSql] = ByProcess("postgres"),
            [RabbitMq] = ByProcess("beam.smp"),
        });
    }

    /// <summary>
    /// CPU used since <paramref name="earlier"/>; a server's figure sums only its processes alive at both instants, so a
    /// backend that ended or a server started meanwhile (another user's) neither subtracts nor adds its whole life.
    /// </summary>
    public IReadOnlyDictionary<string, double> Since(CpuSnapshot earlier)
    {
        var used = Milliseconds.ToDictionary(x => x.Key, x => x.Value - earlier.Milliseconds.GetValueOrDefault(x.Key), StringComparer.Ordinal);
        foreach (var (server, processes) in Servers)
        {
            var before = earlier.Servers[server];
            used[server] = processes.Where(p => before.ContainsKey(p.Key)).Sum(p => p.Value - before[p.Key]);
        }

        return used;
    }

    private static Dictionary<int, double> ByProcess(string name) =>
        ProcessMeter.ProcessesNamed(name).ToDictionary(id => id, id => ProcessMeter.CpuMilliseconds(id) ?? 0);
}
