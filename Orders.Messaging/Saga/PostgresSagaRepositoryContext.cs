using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;

namespace Orders.Messaging.Saga;

/// <summary>
/// Loads and stores saga instances through the consume scope's DbContext. Conflicts surface at SaveChanges as
/// <see cref="DbUpdateConcurrencyException"/> (the instance's concurrency token changed since it was read), which
/// rolls the whole message back so that the retry policy applies it again to the fresh state.
/// </summary>
internal sealed class PostgresSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly DbContext _dbContext;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<DbContext, TSaga> _factory;
    private readonly MessagingMetrics? _metrics;

    public PostgresSagaRepositoryContext(
        DbContext dbContext, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<DbContext, TSaga> factory, MessagingMetrics? metrics)
        : base(consumeContext, dbContext)
    {
        _dbContext = dbContext;
        _consumeContext = consumeContext;
        _factory = factory;
        _metrics = metrics;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>
    /// MassTransit inserts before running the behaviour only for an event correlated with <c>InsertOnInitial</c>, which
    /// this repository does not support: a failed insert would abort the consumer's transaction (savepoints are off), and
    /// a new instance is stored by <see cref="Save"/> within that transaction instead.
    /// </summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance) =>
        throw new NotSupportedException($"InsertOnInitial is not supported for {typeof(TSaga).Name}: new instances are added in the consumer's transaction.");

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await SagaQueries<TSaga>.Load(_dbContext, correlationId, CancellationToken);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Add(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        try
        {
            await _dbContext.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Counted so that contention between replicas shows before the endpoint's retries run out.
            _metrics?.SagaConflict(typeof(TSaga).Name);
            throw;
        }
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Remove(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = _dbContext.ChangeTracker.Entries<TSaga>().FirstOrDefault(x => x.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null)
        {
            entry.State = EntityState.Unchanged;
        }

        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_dbContext, context, instance, mode);
}
