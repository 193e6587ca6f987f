using System.Globalization;

namespace Orders.Benchmarks.Load;

/// <summary>The report as a person reads it at the end of a run.</summary>
public static class SummaryTable
{
    public static void Print(LoadReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        void Row(string name, string value) => output.WriteLine(string.Create(c, $"{name,-34} {value}"));
        string Latency(LatencySummary s) => string.Create(c, $"p50 {s.P50:F1}  p95 {s.P95:F1}  p99 {s.P99:F1}  max {s.Max:F1} ms ({s.Count} samples)");
        string Counts(IReadOnlyDictionary<string, int> counts) =>
            counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(x => x.Value).Select(x => $"{x.Key}: {x.Value}"));

        output.WriteLine();
        Row("mode", $"{report.Mode}, {report.WindowSeconds} s measured from {report.StartedAtUtc:u}");
        Row("machine", string.Create(c, $"{report.Machine.Cores} cores, load average {report.Machine.LoadAverageBefore:F2} before, {report.Machine.LoadAverageAfter:F2} after"));
        Row("accepted (202)", string.Create(c, $"{report.Accepted} = {report.AcceptedPerSecond:F1} orders/s"));
        Row("completed", string.Create(c, $"{report.Completed} = {report.CompletedPerSecond:F1} orders/s"));
        if (report.Floor is { } floor)
        {
            Row("floor (raw Npgsql + RabbitMQ.Client)", string.Create(c,
                $"{floor.OrdersPerSecond:F1} orders/s ({floor.Chains} chains x {floor.Hops} hops; order p50 {floor.OrderLatency.P50:F1} p99 {floor.OrderLatency.P99:F1} ms; {floor.CpuMillisecondsPerOrder:F2} core-ms/order)"));
            Row("system / floor", string.Create(c, $"{report.RatioToFloor:P1}"));
        }

        Row("errors (POST)", Counts(report.Errors) + (report.NotSent > 0 ? $"; not sent (client saturated): {report.NotSent}" : ""));
        Row("cancelled (by reason)", Counts(report.CancellationReasons));
        Row("in flight after drain", report.InFlightAfterDrain.ToString(c));
        Row("PostgreSQL commits per order", report.CommitsPerCompletedOrder is { } commits ? commits.ToString("F1", c) + " (whole database, window start to drained)" : "-");
        Row("POST /orders", Latency(report.PostLatencyMs));
        Row("submit -> Completed", Latency(report.SubmitToCompletedMs));
        output.WriteLine();
        output.WriteLine($"{"process",-34} {"core-ms/completed order",24} {"CPU until drained (core-s)",28} {"peak RSS (MiB)",16}");
        foreach (var (name, cost) in report.Processes)
        {
            output.WriteLine(string.Create(c,
                $"{name,-34} {cost.CpuMillisecondsPerCompletedOrder,24:F2} {cost.CpuMilliseconds / 1000,28:F1} {(cost.PeakRssMebibytes is { } peak ? peak.ToString("F0", c) : "-"),16}"));
        }

        var maxOutbox = report.Samples.Select(s => s.OutboxPending.Values.Sum()).DefaultIfEmpty().Max();
        var maxQueues = report.Samples.Select(s => s.QueueDepths.Values.Sum()).DefaultIfEmpty().Max();
        output.WriteLine();
        Row("outbox pending rows (max sampled)", maxOutbox.ToString(c));
        Row("RabbitMQ messages queued (max)", maxQueues.ToString(c));
    }
}
