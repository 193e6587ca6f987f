using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.BusOutbox;

/// <summary>
/// Decides what <see cref="IPublishEndpoint"/> and <see cref="ISendEndpointProvider"/> mean in a scope: inside a
/// consumer they are the consume context (and its outbox); anywhere else they write to the bus outbox.
/// </summary>
internal sealed class PostgresScopedBusContextProvider<TBus, TDbContext>(
    TBus bus,
    TDbContext dbContext,
    Bind<TBus, IClientFactory> clientFactory,
    Bind<TBus, IScopedConsumeContextProvider> consumeContextProvider,
    IScopedConsumeContextProvider globalConsumeContextProvider,
    IServiceProvider provider,
    TimeProvider timeProvider,
    OutboxOptions<TDbContext> settings) : IScopedBusContextProvider<TBus>
    where TBus : class, IBus
    where TDbContext : DbContext
{
    public ScopedBusContext Context { get; } =
        consumeContextProvider.Value.HasContext
            ? new ConsumeContextScopedBusContext(consumeContextProvider.Value.GetContext(), clientFactory.Value)
            : globalConsumeContextProvider.HasContext
                ? new ConsumeContextScopedBusContext(globalConsumeContextProvider.GetContext(), clientFactory.Value)
                : new PostgresBusOutboxContext<TBus, TDbContext>(bus, dbContext, clientFactory.Value, provider, timeProvider, settings.Value);
}
