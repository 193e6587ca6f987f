namespace Orders.Benchmarks.Load;

/// <summary>
/// Every latency sample of a run with the second it belongs to. Percentiles are exact (all samples are kept and
/// sorted, nearest-rank), which a run of minutes affords: 100 orders/s for 10 minutes is 60,000 doubles.
/// </summary>
public sealed class LatencyLog
{
    private readonly List<(double Second, double Milliseconds)> _samples = [];

    public void Add(double second, double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add((second, milliseconds));
        }
    }

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>p50, p95, p99 and max of the samples within [from, to) seconds.</summary>
    public LatencySummary Summary(double from = double.MinValue, double to = double.MaxValue)
    {
        double[] values;
        lock (_samples)
        {
            values = [.. _samples.Where(s => s.Second >= from && s.Second < to).Select(s => s.Milliseconds)];
        }

        return LatencySummary.Of(values);
    }

    /// <summary>One summary per whole second from <paramref name="from"/> to <paramref name="to"/>, for the charts.</summary>
    public IReadOnlyList<LatencySummary> PerSecond(int from, int to) =>
        [.. Enumerable.Range(from, Math.Max(0, to - from)).Select(second => Summary(second, second + 1))];
}

public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(double[] values)
    {
        if (values.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(values);
        return new LatencySummary(values.Length, Rank(values, 50), Rank(values, 95), Rank(values, 99), values[^1]);
    }

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
