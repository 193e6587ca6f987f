using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orders.Messaging.Outbox;

/// <summary>
/// Watches the DbContext for outbox rows and hands them to the dispatcher the moment their transaction commits —
/// never before, so a rolled-back transaction sends nothing.
/// </summary>
internal sealed class OutboxCommitInterceptor<TDbContext>(OutboxDispatcher<TDbContext> dispatcher)
    : DbTransactionInterceptor, ISaveChangesInterceptor
    where TDbContext : DbContext
{
    private readonly ConditionalWeakTable<DbContext, PendingRows> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Rows are Added the moment they are added, so the tracker already knows them: no DetectChanges over the whole
        // context here (SaveChanges runs its own right after this).
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<OutboxMessage> added;
        try
        {
            added = tracker.Entries<OutboxMessage>()
                .Where(x => x.State == EntityState.Added)
                .Select(x => x.Entity)
                .ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }

        if (added.Count > 0)
        {
            _pending.GetOrCreateValue(context).Saving = added;
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        pending.Committing.AddRange(pending.Saving);
        pending.Saving = [];

        // Without an explicit transaction the save has committed already (or ran in EF's own, now committed, one).
        if (context.Database.CurrentTransaction is null)
        {
            Release(context);
        }
    }

    private void Failed(DbContext? context)
    {
        // Only this save's rows are lost; earlier saves of an explicit transaction may still commit.
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = [];
        }
    }

    private void Release(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending) || pending.Committing.Count == 0)
        {
            return;
        }

        var rows = pending.Committing;
        pending.Committing = [];
        dispatcher.Committed(rows);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Committing = [];
            pending.Saving = [];
        }
    }

    private sealed class PendingRows
    {
        public List<OutboxMessage> Saving { get; set; } = [];

        public List<OutboxMessage> Committing { get; set; } = [];
    }
}
