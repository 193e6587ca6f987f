namespace Orders.Workers.Tests.Hosting;

/// <summary>Polls a condition until it holds or a deadline passes: a wait with a bound, never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Nothing came within {timeout ?? TimeSpan.FromSeconds(30)}.");
            }

            await Task.Delay(20);
        }
    }
}
