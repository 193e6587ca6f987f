using System.Globalization;
using Orders.Benchmarks.Load;

namespace Orders.Benchmarks.Floor;

/// <summary>The floor on its own, to compare the machine's durable capacity between runs without the system.</summary>
public static class FloorCommand
{
    public static async Task<int> RunAsync(LoadSettings settings)
    {
        var result = await FloorBenchmark.RunAsync(settings.FloorChains, settings.FloorHops, TimeSpan.FromSeconds(settings.DurationSeconds), TimeSpan.FromSeconds(settings.WarmupSeconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor: {result.OrdersPerSecond:F1} orders/s ({result.Chains} chains x {result.Hops} hops = {result.OrdersPerSecond * (result.Hops + 1):F0} transactions/s); " +
            $"order p50 {result.OrderLatency.P50:F1} p99 {result.OrderLatency.P99:F1} max {result.OrderLatency.Max:F1} ms; {result.CpuMillisecondsPerOrder:F2} core-ms/order; " +
            $"load average {ProcessMeter.LoadAverage():F2}"));
        return 0;
    }
}
