using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Saga;

/// <summary>Reads saga instances outside a consumed message (tests, operational queries), without tracking them.</summary>
internal sealed class PostgresSagaQueryContext<TSaga>(DbContext dbContext, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public Task<TSaga> Load(Guid correlationId) =>
        dbContext.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await dbContext.Set<TSaga>()
            .AsNoTracking()
            .Where(query.FilterExpression)
            .Select(x => x.CorrelationId)
            .ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
