using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>
/// The safety net and the scheduler: delivers rows that the fast path did not (another process wrote them, the
/// host stopped between commit and delivery, the broker was down) and scheduled rows when they fall due. Several
/// instances may run at once; row locks give each row to one of them.
/// </summary>
internal sealed class OutboxDeliveryService<TDbContext>(
    OutboxDelivery<TDbContext> delivery,
    OutboxDispatcher<TDbContext> dispatcher,
    OutboxOptions<TDbContext> settings,
    TimeProvider timeProvider,
    ILogger<OutboxDeliveryService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private readonly PostgresOutboxOptions _options = settings.Value;

    private volatile TaskCompletionSource _wake = NewWakeSignal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        dispatcher.ScheduledMessagesCommitted += Wake;
        try
        {
            var backoff = _options.QueryDelay;
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = _wake;
                TimeSpan pause;
                try
                {
                    var result = await delivery.DeliverDueAsync(stoppingToken);
                    if (result.Failed > 0)
                    {
                        pause = backoff;
                        backoff = Min(backoff * 2, _options.MaxDeliveryBackoff);
                    }
                    else
                    {
                        backoff = _options.QueryDelay;

                        // A full batch means more is waiting: due timeouts are delivered as fast as they come due.
                        pause = result.Claimed >= _options.QueryMessageLimit ? TimeSpan.Zero : await UntilNextDueAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Outbox delivery failed; retrying in {Backoff}", backoff);
                    pause = backoff;
                    backoff = Min(backoff * 2, _options.MaxDeliveryBackoff);
                }

                if (pause > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(pause, timeProvider, stoppingToken), wake.Task);
                }

                if (wake.Task.IsCompleted)
                {
                    Interlocked.CompareExchange(ref _wake, NewWakeSignal(), wake);
                }
            }
        }
        finally
        {
            dispatcher.ScheduledMessagesCommitted -= Wake;
        }
    }

    private void Wake() => _wake.TrySetResult();

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken cancellationToken)
    {
        var next = await delivery.NextDueTimeAsync(cancellationToken);
        if (next is null)
        {
            return _options.QueryDelay;
        }

        var untilDue = next.Value - timeProvider.GetUtcNow().UtcDateTime;
        return untilDue <= TimeSpan.Zero ? TimeSpan.Zero : Min(untilDue, _options.QueryDelay);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TaskCompletionSource NewWakeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
