namespace Orders.Api.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes: a bounded wait, never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<bool> Holds(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    public static Task<bool> Holds(Func<bool> condition, TimeSpan? timeout = null) => Holds(() => Task.FromResult(condition()), timeout);
}
