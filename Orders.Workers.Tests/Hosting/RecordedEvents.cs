namespace Orders.Workers.Tests.Hosting;

/// <summary>Every event the observer bus received, in arrival order, with bounded waits for the ones a test expects.</summary>
public sealed class RecordedEvents
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<object> _events = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(object message)
    {
        TaskCompletionSource added;
        lock (_events)
        {
            _events.Add(message);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.SetResult();
    }

    /// <summary>What has arrived so far, without waiting.</summary>
    public IReadOnlyList<T> Of<T>(Func<T, bool> filter)
    {
        lock (_events)
        {
            return _events.OfType<T>().Where(filter).ToList();
        }
    }

    /// <summary>Waits until <paramref name="count"/> matching events have arrived; fails the test after the timeout.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> filter, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            Task added;
            lock (_events)
            {
                var matching = _events.OfType<T>().Where(filter).ToList();
                if (matching.Count >= count)
                {
                    return matching;
                }

                added = _added.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(added, Task.Delay(left)) != added)
            {
                Assert.Fail($"Expected {count} {typeof(T).Name} within {timeout ?? DefaultTimeout}; got {Of(filter).Count}.");
            }
        }
    }
}
