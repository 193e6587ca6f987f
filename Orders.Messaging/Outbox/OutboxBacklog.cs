using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Outbox;

/// <summary>What waits in one outbox: due rows not yet confirmed by the broker, and how long the oldest has waited.</summary>
internal interface IOutboxBacklog
{
    /// <summary>The DbContext type's name: the <c>outbox</c> tag of every measurement.</summary>
    string Outbox { get; }

    /// <summary>The backlog as last read; read again when older than a few seconds, so scrapes cost the database little.</summary>
    OutboxBacklogReading? Read();
}

internal sealed record OutboxBacklogReading(long Pending, TimeSpan OldestAge);

internal sealed class OutboxBacklog<TDbContext>(IServiceScopeFactory scopeFactory, TimeProvider timeProvider, ILogger<OutboxBacklog<TDbContext>> logger)
    : IOutboxBacklog
    where TDbContext : DbContext
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private OutboxBacklogReading? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public string Outbox => typeof(TDbContext).Name;

    public OutboxBacklogReading? Read()
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (now - _readAt < MaxAge)
            {
                return _last;
            }

            _readAt = now;
            try
            {
                // Metric callbacks are synchronous; one count over a table that confirms keep small when all is well.
                using var scope = scopeFactory.CreateScope();
                var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
                dbContext.Database.SetCommandTimeout(QueryTimeout);
                var row = dbContext.Database
                    .SqlQueryRaw<BacklogRow>(MessagingTables.For(dbContext).Backlog, now.UtcDateTime)
                    .AsEnumerable()
                    .First();
                var oldestAge = row.Oldest is { } oldest ? now.UtcDateTime - DateTime.SpecifyKind(oldest, DateTimeKind.Utc) : TimeSpan.Zero;
                _last = new OutboxBacklogReading(row.Pending, oldestAge < TimeSpan.Zero ? TimeSpan.Zero : oldestAge);
            }
            catch (Exception exception)
            {
                // No measurement rather than a stale one: a gap in the series says the database did not answer.
                logger.LogDebug(exception, "Reading the backlog of outbox {Outbox} failed", Outbox);
                _last = null;
            }

            return _last;
        }
    }

    private sealed record BacklogRow(long Pending, DateTime? Oldest);
}
