using System.Collections.Concurrent;

namespace Orders.Benchmarks.Messaging;

/// <summary>Latencies from the writing of a hop (just before its commit) to the start of its consumer.</summary>
public sealed class HopRecorder
{
    private readonly ConcurrentQueue<double> _latencies = new();
    private int _finished;
    private TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;

    public bool Recording { get; set; }

    public void Expect(int chains)
    {
        _finished = 0;
        _expected = chains;
        _latencies.Clear();
        _allFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task AllFinished => _allFinished.Task;

    public void Consumed(TimeSpan latency)
    {
        if (Recording)
        {
            _latencies.Enqueue(latency.TotalMilliseconds);
        }
    }

    public void ChainFinished()
    {
        if (Interlocked.Increment(ref _finished) == _expected)
        {
            _allFinished.TrySetResult();
        }
    }

    public double Percentile(double p)
    {
        var sorted = _latencies.ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public int Count => _latencies.Count;
}
