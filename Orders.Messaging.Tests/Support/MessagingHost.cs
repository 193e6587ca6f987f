using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders.Testing;

namespace Orders.Messaging.Tests.Support;

/// <summary>What one test host runs: which consumers, and how the outbox behaves.</summary>
public sealed record HostShape
{
    public bool Consumers { get; init; } = true;

    /// <summary>Consumers run inside the PostgreSQL consumer outbox and inbox.</summary>
    public bool ConsumerOutbox { get; init; } = true;

    public bool Delivery { get; init; } = true;

    public int ConcurrentMessageLimit { get; init; } = 8;

    /// <summary>The clock the outbox, scheduler and cleanup run on; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Registrations added before MassTransit's, e.g. outbox delivery observers.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>A real generic host with MassTransit on RabbitMQ and Orders.Messaging on PostgreSQL.</summary>
public static class MessagingHost
{
    public static async Task<IHost> StartAsync(TestDatabase database, Uri broker, Observations observations, HostShape? shape = null)
    {
        shape ??= new HostShape();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(new TestLoggerProvider());
        builder.Services.AddSingleton(observations);
        // Endpoints and their bindings exist before a test publishes: a publish to an unbound exchange is dropped.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        if (shape.Clock is not null)
        {
            builder.Services.AddSingleton(shape.Clock);
        }

        shape.Services?.Invoke(builder.Services);
        builder.Services.AddDbContext<TestDbContext>(options => options.UseNpgsql(database.ConnectionString));
        builder.Services.AddMassTransit(x =>
        {
            x.AddPostgresOutbox<TestDbContext>(outbox =>
            {
                outbox.UseBusOutbox();
                outbox.Options.QueryDelay = TimeSpan.FromMilliseconds(200);
                if (!shape.Delivery)
                {
                    outbox.DisableDelivery();
                }
            });

            if (shape.Consumers)
            {
                x.AddConsumer<PingConsumer>();
                x.AddConsumer<PongConsumer>();
                x.AddConsumer<WaitingTimedOutConsumer>();
                x.AddSagaStateMachine<TestStateMachine, TestSaga>().PostgresRepository(r => r.ExistingDbContext<TestDbContext>());
            }

            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                endpoint.ConcurrentMessageLimit = shape.ConcurrentMessageLimit;

                // Optimistic-concurrency conflicts are expected under load: retry them at once, many times.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Handle<DbUpdateConcurrencyException>();
                    retry.Immediate(100);
                });
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<DbUpdateConcurrencyException>();
                    retry.Intervals(50, 200, 500);
                });
                if (shape.ConsumerOutbox)
                {
                    endpoint.UsePostgresOutbox<TestDbContext>(context);
                }
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker);
                cfg.UsePostgresMessageScheduler();
                cfg.ConnectReceiveObserver(new ReceivedCopies(observations));
                cfg.ConfigureEndpoints(context);
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task CreateSchemaAsync(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var dbContext = new TestDbContext(options);
        await dbContext.Database.EnsureCreatedAsync();
    }

    public static async Task StopAsync(this IHost host)
    {
        await host.StopAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    private sealed class ReceivedCopies(Observations observations) : IReceiveObserver
    {
        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.TransportHeaders.Get<string>("MessageId") is { } text && Guid.TryParse(text, out var messageId))
            {
                observations.Received(messageId);
                if (!context.IsDelivered && !context.IsFaulted)
                {
                    observations.DeadLettered(messageId);
                }
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
    }
}
