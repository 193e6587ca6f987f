using MassTransit;
using MassTransit.Clients;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;

namespace Orders.Messaging.BusOutbox;

/// <summary>
/// Publish and send outside a consumer (for example in an HTTP request) add outbox rows to the scope's DbContext:
/// they are saved by the caller's own SaveChanges, in the caller's transaction, and leave only if it commits.
/// </summary>
internal sealed class PostgresBusOutboxContext<TBus, TDbContext> : ScopedBusContext, OutboxSendContext
    where TBus : class, IBus
    where TDbContext : DbContext
{
    private readonly TDbContext _dbContext;
    private readonly IServiceProvider _provider;
    private readonly TimeProvider _timeProvider;
    private readonly PostgresOutboxOptions _options;
    private readonly Guid _outboxId = NewId.NextGuid();

    public PostgresBusOutboxContext(
        TBus bus, TDbContext dbContext, IClientFactory clientFactory, IServiceProvider provider, TimeProvider timeProvider, PostgresOutboxOptions options)
    {
        _options = options;
        _dbContext = dbContext;
        _provider = provider;
        _timeProvider = timeProvider;
        SendEndpointProvider = new OutboxSendEndpointProvider(this, bus);
        PublishEndpoint = new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

        // Requests wait for a response, so they go straight to the broker rather than through the outbox.
        ClientFactory = new ScopedClientFactory(clientFactory, null!);
    }

    public ISendEndpointProvider SendEndpointProvider { get; }

    public IPublishEndpoint PublishEndpoint { get; }

    public IScopedClientFactory ClientFactory { get; }

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        _dbContext.Add(OutboxMessageFactory.Create(context, _outboxId, _timeProvider.GetUtcNow().UtcDateTime, _options));
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => _provider.GetService(serviceType);
}
