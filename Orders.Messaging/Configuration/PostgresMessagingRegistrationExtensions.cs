using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.NewIdProviders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orders.Messaging.BusOutbox;
using Orders.Messaging.Inbox;
using Orders.Messaging.Outbox;
using Orders.Messaging.Saga;
using Orders.Messaging.Scheduling;

namespace Orders.Messaging;

public static class PostgresMessagingRegistrationExtensions
{
    /// <summary>
    /// Adds the transactional outbox, inbox, durable scheduler storage, delivery and cleanup for <typeparamref name="TDbContext"/>
    /// (whose model must call <c>AddPostgresMessaging()</c>). Attach it to endpoints with <see cref="UsePostgresOutbox{TDbContext}"/>.
    /// </summary>
    public static IBusRegistrationConfigurator AddPostgresOutbox<TDbContext>(
        this IBusRegistrationConfigurator configurator, Action<PostgresOutboxConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configurator);
        var outbox = new PostgresOutboxConfigurator();
        configure?.Invoke(outbox);
        outbox.Options.Validate();

        // The inbox recognises duplicates by message id, so ids must never collide between two processes on one host.
        NewId.SetProcessIdProvider(new CurrentProcessIdProvider());

        configurator.TryAddSingleton(TimeProvider.System);
        configurator.AddSingleton(new OutboxOptions<TDbContext>(outbox.Options));
        configurator.AddSingleton<OutboxDelivery<TDbContext>>();
        configurator.AddSingleton<OutboxDispatcher<TDbContext>>();
        configurator.AddSingleton<OutboxCommitInterceptor<TDbContext>>();
        configurator.ConfigureDbContext<TDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor<TDbContext>>()));
        configurator.AddScoped<IOutboxContextFactory<TDbContext>, PostgresOutboxContextFactory<TDbContext>>();
        configurator.AddSingleton<OutboxDeliveryService<TDbContext>>();
        configurator.AddSingleton<InboxCleanupService<TDbContext>>();
        configurator.AddSingleton<IOutboxBacklog, OutboxBacklog<TDbContext>>();
        if (!configurator.Any(service => service.ServiceType == typeof(MessagingMetrics)))
        {
            // One meter for every outbox of the host; hosted so that its gauges exist from start-up.
            configurator.AddMetrics();
            configurator.AddSingleton<MessagingMetrics>();
            configurator.AddHostedService(provider => provider.GetRequiredService<MessagingMetrics>());
        }

        configurator.AddHostedService(provider => provider.GetRequiredService<InboxCleanupService<TDbContext>>());
        if (outbox.Options.DeliveryEnabled)
        {
            configurator.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher<TDbContext>>());
            configurator.AddHostedService(provider => provider.GetRequiredService<OutboxDeliveryService<TDbContext>>());
        }

        if (outbox.BusOutbox)
        {
            configurator.Replace(ServiceDescriptor.Scoped<IScopedBusContextProvider<IBus>, PostgresScopedBusContextProvider<IBus, TDbContext>>());
        }

        return configurator;
    }

    /// <summary>
    /// Runs every consumer and saga of the endpoint in one transaction of <typeparamref name="TDbContext"/>: inbox row,
    /// state changes and outgoing messages commit together; a duplicate is acknowledged without running again.
    /// </summary>
    public static void UsePostgresOutbox<TDbContext>(
        this IReceiveEndpointConfigurator configurator, IRegistrationContext context, Action<IOutboxOptionsConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configurator);
        var observer = new OutboxConsumePipeSpecificationObserver<TDbContext>(configurator, context);
        configure?.Invoke(observer);
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }

    /// <summary>
    /// Schedules messages (including a saga's <c>Schedule</c>/<c>Unschedule</c>) in PostgreSQL through the outbox; no
    /// broker plugin needed. Endpoints that schedule must use <see cref="UsePostgresOutbox{TDbContext}"/>.
    /// </summary>
    public static void UsePostgresMessageScheduler(this IBusFactoryConfigurator configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.AddPrePipeSpecification(new PostgresMessageSchedulerSpecification());
    }

    /// <summary>
    /// Persists the saga with EF Core on PostgreSQL: <c>.PostgresRepository(r => r.ExistingDbContext&lt;TDbContext&gt;())</c>.
    /// Map the instance with <c>IsSagaInstance()</c> for optimistic concurrency. Inside the PostgreSQL outbox the saga
    /// joins the consumed message's transaction.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga>(
        this ISagaRegistrationConfigurator<TSaga> configurator, Action<PostgresSagaRepositoryConfigurator<TSaga>> configure)
        where TSaga : class, ISaga
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(configure);
        var repository = new PostgresSagaRepositoryConfigurator<TSaga>();
        configure(repository);
        configurator.Repository(repository.Register);
        return configurator;
    }
}
