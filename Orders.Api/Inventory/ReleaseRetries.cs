using System.Threading.Channels;

namespace Orders.Api.Inventory;

/// <summary>
/// Releases that could not reach Inventory, tried again in the background with growing pauses. An order refused while
/// Inventory (or its database) was down then gives its stock back when Inventory returns, instead of holding it until
/// the sweeper's reservation TTL. Kept in memory: if this process ends first, the sweeper is still the backstop.
/// </summary>
internal sealed class ReleaseRetries(IServiceScopeFactory scopes, ILogger<ReleaseRetries> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);

    private readonly Channel<Guid> _orders = Channel.CreateUnbounded<Guid>();

    public void Add(Guid orderId) => _orders.Writer.TryWrite(orderId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retries = new List<Task>();
        try
        {
            await foreach (var orderId in _orders.Reader.ReadAllAsync(stoppingToken))
            {
                retries.RemoveAll(retry => retry.IsCompleted);
                retries.Add(RetryAsync(orderId, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(retries);
    }

    private async Task RetryAsync(Guid orderId, CancellationToken stoppingToken)
    {
        var giveUpAt = DateTime.UtcNow + GiveUpAfter;
        var pause = FirstPause;
        try
        {
            while (DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(pause, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<StockReservations>().TryReleaseAsync(orderId))
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }

            logger.LogWarning("Gave up releasing the stock reservation of order {OrderId}; it expires by Inventory's sweeper", orderId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Stopping before the stock reservation of order {OrderId} was released; it expires by Inventory's sweeper", orderId);
        }
    }
}
