using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Saga;

/// <summary>
/// The saga's one per-message query, translated once per saga type: a LINQ query written inline is built as an
/// expression tree and looked up in EF Core's query cache on every message instead.
/// </summary>
internal static class SagaQueries<TSaga>
    where TSaga : class, ISaga
{
    public static readonly Func<DbContext, Guid, CancellationToken, Task<TSaga?>> Load =
        EF.CompileAsyncQuery((DbContext db, Guid correlationId, CancellationToken _) =>
            db.Set<TSaga>().SingleOrDefault(x => x.CorrelationId == correlationId));
}
