using Orders.Benchmarks.Floor;

namespace Orders.Benchmarks.Load;

/// <summary>Everything one load run measured: written as JSON, printed as a table, drawn as an HTML chart.</summary>
public sealed record LoadReport(
    string Mode,
    DateTime StartedAtUtc,
    MachineInfo Machine,
    int WindowSeconds,
    int Accepted,
    double AcceptedPerSecond,
    int Completed,
    double CompletedPerSecond,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyDictionary<string, int> CancellationReasons,
    int NotSent,
    long InFlightAfterDrain,
    LatencySummary PostLatencyMs,
    LatencySummary SubmitToCompletedMs,
    IReadOnlyDictionary<string, ProcessCost> Processes,
    double? CommitsPerCompletedOrder,
    FloorResult? Floor,
    double? RatioToFloor,
    IReadOnlyList<SecondFigures> Timeline,
    IReadOnlyList<Sample> Samples);

/// <summary>Cores, and the load average before and after: a figure from a busy machine says so.</summary>
public sealed record MachineInfo(int Cores, double LoadAverageBefore, double LoadAverageAfter);

/// <summary>CPU spent in the measured window per completed order, and the peak resident memory of a process.</summary>
public sealed record ProcessCost(double CpuMilliseconds, double CpuMillisecondsPerCompletedOrder, double? PeakRssMebibytes);

/// <summary>One second of the run: orders accepted and completed in it, and the latencies of those submitted in it.</summary>
public sealed record SecondFigures(int Second, int Accepted, int Completed, double PostP50, double PostP99, double CompletedP50, double CompletedP99);
