using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Saga;

/// <summary>Chooses the DbContext that holds a saga's instances.</summary>
public sealed class PostgresSagaRepositoryConfigurator<TSaga>
    where TSaga : class, ISaga
{
    private Action<ISagaRepositoryRegistrationConfigurator<TSaga>>? _register;

    /// <summary>Uses the DbContext registered in the container (the same instance the outbox uses in a consume scope).</summary>
    public PostgresSagaRepositoryConfigurator<TSaga> ExistingDbContext<TDbContext>()
        where TDbContext : DbContext
    {
        _register = repository =>
        {
            repository.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>,
                PostgresSagaRepositoryContextFactory<TDbContext, TSaga>>();
        };
        return this;
    }

    internal void Register(ISagaRepositoryRegistrationConfigurator<TSaga> repository) =>
        (_register ?? throw new InvalidOperationException($"PostgresRepository for {typeof(TSaga).Name}: call ExistingDbContext<TDbContext>()."))(repository);
}
