using System.Text.Json.Nodes;
using Orders.Benchmarks.Load;

namespace Orders.Tests.Benchmarks;

/// <summary>
/// A short run of the load benchmark against the real executables, checking the report's shape: every figure the
/// issue asks for is there and was measured. No figure is compared with a target: speed is the benchmark's to report.
/// </summary>
public sealed class LoadBenchmarkSmokeTests
{
    private static readonly string[] Services = ["inventory", "workers", "api"];

    [Test]
    public async Task A_short_closed_loop_run_reports_every_figure_against_the_floor()
    {
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "benchmark-smoke", Guid.NewGuid().ToString("N"));
        var settings = LoadSettings.Parse(["--clients", "4", "--duration", "8", "--warmup", "2", "--floor-chains", "4", "--out", output]);

        var exitCode = await LoadBenchmark.RunAsync(settings);

        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")))!;
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(report["accepted"]!.GetValue<int>(), Is.Positive, "orders accepted in the window");
            Assert.That(report["postLatencyMs"]!["p99"]!.GetValue<double>(), Is.Positive);
            Assert.That(report["submitToCompletedMs"]!["count"]!.GetValue<int>(), Is.Positive, "orders of the window that completed");
            Assert.That(report["inFlightAfterDrain"]!.GetValue<long>(), Is.Zero);
            Assert.That(report["floor"]!["ordersPerSecond"]!.GetValue<double>(), Is.Positive);
            Assert.That(report["ratioToFloor"]?.GetValue<double>(), Is.Not.Null);
            foreach (var service in Services)
            {
                Assert.That(report["processes"]![service]!["peakRssMebibytes"]!.GetValue<double>(), Is.Positive, service);
                Assert.That(report["processes"]![service]!["cpuMilliseconds"]!.GetValue<double>(), Is.Positive, service);
            }

            Assert.That(report["timeline"]!.AsArray(), Has.Count.EqualTo(8));
            Assert.That(report["samples"]!.AsArray(), Is.Not.Empty);
            Assert.That(report["samples"]![0]!["outboxPending"]!.AsObject().Select(x => x.Key), Is.EquivalentTo(RunSampler.OutboxSchemas));
            Assert.That(html, Does.Contain("<svg").And.Not.Contain("<script"));
        });
    }
}
