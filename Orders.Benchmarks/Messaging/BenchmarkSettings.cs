namespace Orders.Benchmarks.Messaging;

/// <summary>How much work one run does: chains of durable hops, each hop one consumed message.</summary>
public sealed record BenchmarkSettings(int Chains, int Hops, int Concurrency, int WarmupChains)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) && value > 0 ? value : fallback;
        }

        return new BenchmarkSettings(Read("--chains", 500), Read("--hops", 10), Read("--concurrency", 32), Read("--warmup", 100));
    }
}
