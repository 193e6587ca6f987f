namespace Orders.Testing;

/// <summary>
/// Waits for a condition by polling it until it holds or a deadline passes: a bounded wait on an observable outcome,
/// never a fixed sleep standing in for synchronisation.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reads a value until <paramref name="done"/> accepts it or the deadline passes; returns the last value read.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task<bool> Holds(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Until(condition, holds => holds, timeout);

    public static Task<bool> Holds(Func<bool> condition, TimeSpan? timeout = null) =>
        Holds(() => Task.FromResult(condition()), timeout);
}
