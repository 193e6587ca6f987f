using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;

namespace Orders.Messaging.Saga;

/// <summary>
/// Creates the repository context for each consumed message. When the outbox already opened a transaction on the
/// scope's DbContext, the saga joins it: its state, the inbox row and the outgoing messages commit together. The
/// metrics exist only where <c>AddPostgresOutbox</c> registered them.
/// </summary>
internal sealed class PostgresSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext dbContext, ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory, MessagingMetrics? metrics = null)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TDbContext : DbContext
    where TSaga : class, ISaga
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        WithinTransaction(() =>
            next.Send(new PostgresSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory, metrics)), context.CancellationToken);

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        WithinTransaction(async () =>
        {
            var instances = await dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
            var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory, metrics);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
        }, context.CancellationToken);

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(dbContext, cancellationToken));

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "postgres");
        context.Add("dbContext", typeof(TDbContext).Name);
    }

    private async Task WithinTransaction(Func<Task> work, CancellationToken cancellationToken)
    {
        if (dbContext.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        dbContext.Database.AutoSavepointsEnabled = false;
        await work();
        await transaction.CommitAsync(cancellationToken);
    }
}
