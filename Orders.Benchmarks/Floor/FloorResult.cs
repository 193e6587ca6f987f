using Orders.Benchmarks.Load;

namespace Orders.Benchmarks.Floor;

/// <summary>Floor orders per second, the latency of one order's whole chain, and this process's CPU per order.</summary>
public sealed record FloorResult(int Chains, int Hops, double OrdersPerSecond, LatencySummary OrderLatency, double CpuMillisecondsPerOrder);
