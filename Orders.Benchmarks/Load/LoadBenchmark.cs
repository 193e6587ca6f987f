using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Benchmarks.Floor;
using Orders.Contracts;

namespace Orders.Benchmarks.Load;

/// <summary>
/// The load benchmark: the floor first (unless turned off), then the real system started from its Release
/// executables on a fresh database and virtual host, driven through POST /orders; the report goes to
/// <c>--out</c> as <c>report.json</c> and <c>report.html</c>, and to the console as a table.
/// </summary>
public static class LoadBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(LoadSettings settings)
    {
        Directory.CreateDirectory(settings.Output);
        var loadBefore = ProcessMeter.LoadAverage();
        FloorResult? floor = null;
        if (settings.Floor)
        {
            Console.WriteLine($"floor: {settings.FloorChains} chains x {settings.FloorHops} hops for {settings.DurationSeconds} s");
            floor = await FloorBenchmark.RunAsync(settings.FloorChains, settings.FloorHops, TimeSpan.FromSeconds(settings.DurationSeconds), TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 5)));
            Console.WriteLine($"floor: {floor.OrdersPerSecond:F0} orders/s");
        }

        Console.WriteLine($"system: starting Inventory, Workers and Api (logs in {settings.Output})");
        await using var system = await SystemUnderTest.StartAsync(settings.Output, settings.ServiceEnvironment);
        Console.WriteLine("system: " + string.Join(", ", system.Processes.Select(p => $"{p.Name} pid {p.ProcessId} on {p.Address}")));
        using var driver = new LoadDriver(system.Api.Address, system.Token);
        var sampler = new RunSampler(system, () => driver.Now);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stopSampling.Token);
        CpuSnapshot? start = null;
        Console.WriteLine($"system: {settings.Mode}, {settings.WarmupSeconds} s warm-up, {settings.DurationSeconds} s measured");
        await driver.RunAsync(settings, () => start = CpuSnapshot.Take(system.Processes), () => Console.WriteLine("system: measured window over, draining"));
        var inFlight = await OrderOutcomes.DrainAsync(system.Database.ConnectionString, TimeSpan.FromMinutes(2));
        var drainedAt = driver.Now;
        var end = CpuSnapshot.Take(system.Processes);
        await stopSampling.CancelAsync();
        await sampling;
        var outcomes = await OrderOutcomes.ReadAsync(system.Database.ConnectionString);
        var peaks = system.Processes.ToDictionary(p => p.Name, p => ProcessMeter.MemoryMebibytes(p.ProcessId)?.Peak, StringComparer.Ordinal);

        var report = Report(settings, driver, outcomes, (start!, end, drainedAt), peaks, floor, inFlight, sampler.Samples,
            new MachineInfo(Environment.ProcessorCount, loadBefore, ProcessMeter.LoadAverage()));
        await File.WriteAllTextAsync(Path.Combine(settings.Output, "report.json"), JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(Path.Combine(settings.Output, "report.html"), ReportChart.Html(report));
        SummaryTable.Print(report, Console.Out);
        Console.WriteLine($"\nreport: {Path.Combine(settings.Output, "report.json")}, {Path.Combine(settings.Output, "report.html")}");
        return 0;
    }

    private static LoadReport Report(
        LoadSettings settings,
        LoadDriver driver,
        IReadOnlyList<OrderOutcome> outcomes,
        (CpuSnapshot Start, CpuSnapshot End, double EndSecond) cpuSpan,
        Dictionary<string, double?> peaks,
        FloorResult? floor,
        long inFlight,
        IReadOnlyList<Sample> samples,
        MachineInfo machine)
    {
        var window = settings.DurationSeconds;
        double Second(DateTime at) => (at - driver.OriginUtc).TotalSeconds;
        var completions = outcomes.Where(o => o.CompletedAt is { } at && Second(at) >= 0 && Second(at) < window).ToList();
        // An order belongs to the window its POST was due in; its latency runs from the Api's own submission stamp.
        var submitted = outcomes
            .Where(o => driver.AcceptedOrders.TryGetValue(o.Id, out var due) && due >= 0 && due < window)
            .ToList();
        var toCompleted = new LatencyLog();
        foreach (var order in submitted.Where(o => o.CompletedAt is not null))
        {
            toCompleted.Add(driver.AcceptedOrders[order.Id], (order.CompletedAt!.Value - order.SubmittedAt).TotalMilliseconds);
        }

        // CPU from the window's start until the system drained, over the orders completed in that span: the drain's work
        // is counted with the orders it finishes, so a backlog left at the window's end does not flatter the figure.
        var cpu = cpuSpan.End.Since(cpuSpan.Start);
        var completedInSpan = outcomes.Count(o => o.CompletedAt is { } at && Second(at) >= 0 && Second(at) <= cpuSpan.EndSecond);
        var costs = cpu.ToDictionary(
            x => x.Key,
            x => new ProcessCost(x.Value, completedInSpan == 0 ? double.NaN : x.Value / completedInSpan, peaks.GetValueOrDefault(x.Key)),
            StringComparer.Ordinal);
        var postBySecond = driver.Posts.PerSecond(0, window);
        var completedBySecond = toCompleted.PerSecond(0, window);
        var timeline = Enumerable.Range(0, window).Select(s => new SecondFigures(
            s,
            driver.AcceptedIn(s),
            completions.Count(o => (int)Math.Floor(Second(o.CompletedAt!.Value)) == s),
            postBySecond[s].P50,
            postBySecond[s].P99,
            completedBySecond[s].P50,
            completedBySecond[s].P99)).ToList();
        var completedPerSecond = (double)completions.Count / window;
        return new LoadReport(
            settings.Mode,
            driver.OriginUtc,
            machine,
            window,
            driver.Accepted,
            (double)driver.Accepted / window,
            completions.Count,
            completedPerSecond,
            driver.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal),
            submitted.Where(o => o.Status == OrderStatus.Cancelled)
                .GroupBy(o => o.CancellationReason ?? "(none)", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            driver.NotSent,
            inFlight,
            driver.Posts.Summary(0, window),
            toCompleted.Summary(0, window),
            costs,
            CommitsPerOrder(samples, outcomes, Second),
            floor,
            floor is null ? null : completedPerSecond / floor.OrdersPerSecond,
            timeline,
            samples);
    }

    /// <summary>PostgreSQL commits of the whole database between the first sample of the window and the last one, per order completed between them.</summary>
    private static double? CommitsPerOrder(IReadOnlyList<Sample> samples, IReadOnlyList<OrderOutcome> outcomes, Func<DateTime, double> second)
    {
        if (samples.FirstOrDefault(s => s.Second >= 0) is not { } first || samples[^1] is not { } last || last == first)
        {
            return null;
        }

        var completed = outcomes.Count(o => o.CompletedAt is { } at && second(at) >= first.Second && second(at) <= last.Second);
        return completed == 0 ? null : (double)(last.Commits - first.Commits) / completed;
    }
}
