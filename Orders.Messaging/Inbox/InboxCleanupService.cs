using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Inbox;

/// <summary>
/// Removes inbox rows older than the duplicate-detection window, a batch per statement so that no statement holds
/// locks for long. (Outbox rows need no cleanup: delivery removes them as the broker confirms them.)
/// </summary>
internal sealed class InboxCleanupService<TDbContext>(
    IServiceScopeFactory scopeFactory,
    OutboxOptions<TDbContext> settings,
    TimeProvider timeProvider,
    ILogger<InboxCleanupService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private readonly PostgresOutboxOptions _options = settings.Value;

    public async Task<int> CleanUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = MessagingTables.For(dbContext);
        var cutoff = timeProvider.GetUtcNow().UtcDateTime - _options.DuplicateDetectionWindow;
        var total = 0;
        int removed;
        do
        {
            removed = await dbContext.Database.ExecuteSqlRawAsync(
                tables.DeleteExpiredInbox,
                [cutoff, _options.CleanupBatchSize],
                cancellationToken);
            total += removed;
        }
        while (removed == _options.CleanupBatchSize);

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CleanupInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await CleanUpAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogDebug("Removed {Count} inbox rows older than {Window}", removed, _options.DuplicateDetectionWindow);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Inbox cleanup failed; it runs again in {Interval}", _options.CleanupInterval);
            }
        }
    }
}
