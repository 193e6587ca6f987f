using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Messaging;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Broker;
using Orders.Workers.Payments;
using Orders.Workers.Saga;
using Orders.Workers.Shipping;
using Orders.Workers.Stock;
using Orders.Workers.Workflow;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Workers;

/// <summary>Everything Workers registers and maps, so the service and its tests host the very same app.</summary>
public static class WorkersExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the roles named by <c>Workers:Roles</c> (or <c>--roles</c>); all four by default.</summary>
    public static WebApplicationBuilder AddWorkers(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        var roles = ReadRoles(configuration);
        builder.AddOrdersObservability("orders-workers");
        services.TryAddSingleton(TimeProvider.System);
        var health = services.AddHealthChecks();

        DevelopmentSecrets.RefuseInProduction(builder.Environment, configuration, "Workers");

        // One connection string for the service's three schemas (workflow, payments, shipping), as every service has its own.
        var connectionString = ConnectionString(configuration, "Workers");

        // The saga and the stock consumers keep their inbox and outbox in the workflow schema.
        var workflow = roles.HasFlag(WorkerRoles.Saga) || roles.HasFlag(WorkerRoles.Stock);
        if (workflow)
        {
            services.AddDbContext<WorkflowDbContext>(options => options.UseNpgsql(connectionString));
            health.AddCheck<DatabaseHealthCheck<WorkflowDbContext>>("workflow-database", tags: [ReadyTag]);
        }

        if (roles.HasFlag(WorkerRoles.Saga))
        {
            services.AddOptions<WorkflowOptions>()
                .BindConfiguration(WorkflowOptions.Section)
                .Validate(options => options.PaymentTimeout > TimeSpan.Zero, "Workflow:PaymentTimeout must be positive.")
                .ValidateOnStart();
        }

        if (roles.HasFlag(WorkerRoles.Payments))
        {
            services.AddDbContext<PaymentsDbContext>(options => options.UseNpgsql(connectionString));
            health.AddCheck<DatabaseHealthCheck<PaymentsDbContext>>("payments-database", tags: [ReadyTag]);
            services.AddOptions<PaymentsOptions>()
                .BindConfiguration(PaymentsOptions.Section)
                .Validate(options => options.GatewayTimeout > TimeSpan.Zero, "Payments:GatewayTimeout must be positive.")
                .Validate(options => options.ReconcileAfter > TimeSpan.Zero, "Payments:ReconcileAfter must be positive.")
                .Validate(options => options.ReconcileAttempts > 0, "Payments:ReconcileAttempts must be positive.")
                .ValidateOnStart();
            services.AddSingleton(new GatewayLedger(connectionString));
            services.AddSingleton<SimulatedPaymentGateway>();
            services.AddSingleton<IPaymentGateway>(provider => provider.GetRequiredService<SimulatedPaymentGateway>());
        }

        if (roles.HasFlag(WorkerRoles.Shipping))
        {
            services.AddDbContext<ShippingDbContext>(options => options.UseNpgsql(connectionString));
            health.AddCheck<DatabaseHealthCheck<ShippingDbContext>>("shipping-database", tags: [ReadyTag]);
            services.AddSingleton<SimulatedCarrier>();
            services.AddSingleton<ICarrier>(provider => provider.GetRequiredService<SimulatedCarrier>());
        }

        if (roles.HasFlag(WorkerRoles.Stock))
        {
            services.AddOptions<InventoryClientOptions>()
                .BindConfiguration(InventoryClientOptions.Section)
                .Validate(options => options.Deadline > TimeSpan.Zero, "Inventory:Deadline must be positive.")
                .ValidateOnStart();
            services.AddGrpcClient<InventoryClient>((provider, client) =>
                    client.Address = provider.GetRequiredService<IOptions<InventoryClientOptions>>().Value.Address)

                // After an Inventory restart the channel reconnects within seconds, well inside the message retry budget
                // (the default back-off grows to 2 minutes).
                .ConfigureChannel(channel => channel.MaxReconnectBackoff = TimeSpan.FromSeconds(5))
                .ConfigurePrimaryHttpMessageHandler(provider => CertificateAuthorityTrust.CreateHandler(
                    provider.GetRequiredService<IOptions<InventoryClientOptions>>().Value.CertificateAuthority));
        }

        services.AddOrdersBroker();
        services.AddMassTransit(x =>
        {
            if (workflow)
            {
                x.AddPostgresOutbox<WorkflowDbContext>();
            }

            if (roles.HasFlag(WorkerRoles.Saga))
            {
                x.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateDefinition>()
                    .PostgresRepository(r => r.ExistingDbContext<WorkflowDbContext>());
            }

            if (roles.HasFlag(WorkerRoles.Payments))
            {
                x.AddPostgresOutbox<PaymentsDbContext>();
                x.AddConsumer<ProcessPaymentConsumer>();
                x.AddConsumer<RefundPaymentConsumer>();
                x.AddConsumer<ReconcilePaymentConsumer>();
            }

            if (roles.HasFlag(WorkerRoles.Shipping))
            {
                x.AddPostgresOutbox<ShippingDbContext>();
                x.AddConsumer<ShipOrderConsumer>();
            }

            if (roles.HasFlag(WorkerRoles.Stock))
            {
                x.AddConsumer<CommitStockConsumer>();
                x.AddConsumer<ReleaseStockConsumer>();
            }

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.UseOrdersBroker(context);

                // A name that the Workers' RabbitMQ user, and only it, may use (scripts/rabbitmq-definitions.json).
                cfg.OverrideDefaultBusEndpointQueueName($"orders-workers-bus-{NewId.NextGuid():N}");
                cfg.UsePostgresMessageScheduler();

                if (roles.HasFlag(WorkerRoles.Saga))
                {
                    cfg.ReceiveEndpoint(Endpoints.OrderSaga, endpoint => endpoint.ConfigureSaga<OrderState>(context));
                }

                if (roles.HasFlag(WorkerRoles.Payments))
                {
                    cfg.ReceiveEndpoint(Endpoints.Payments, endpoint =>
                    {
                        endpoint.RejectPoisonMessages(context);
                        endpoint.UseCommandRetry();
                        endpoint.UsePostgresOutbox<PaymentsDbContext>(context);
                        endpoint.ConfigureConsumer<ProcessPaymentConsumer>(context);
                        endpoint.ConfigureConsumer<RefundPaymentConsumer>(context);
                        endpoint.ConfigureConsumer<ReconcilePaymentConsumer>(context);
                    });
                }

                if (roles.HasFlag(WorkerRoles.Shipping))
                {
                    cfg.ReceiveEndpoint(Endpoints.Shipping, endpoint =>
                    {
                        endpoint.RejectPoisonMessages(context);
                        endpoint.UseCommandRetry();
                        endpoint.UsePostgresOutbox<ShippingDbContext>(context);
                        endpoint.ConfigureConsumer<ShipOrderConsumer>(context);
                    });
                }

                if (roles.HasFlag(WorkerRoles.Stock))
                {
                    cfg.ReceiveEndpoint(Endpoints.Stock, endpoint =>
                    {
                        endpoint.RejectPoisonMessages(context);
                        endpoint.UseCommandRetry();
                        endpoint.UsePostgresOutbox<WorkflowDbContext>(context);
                        endpoint.ConfigureConsumer<CommitStockConsumer>(context);
                        endpoint.ConfigureConsumer<ReleaseStockConsumer>(context);
                    });
                }
            });
        });

        return builder;
    }

    public static WebApplication MapWorkers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapOrdersMetrics();
        return app;
    }

    /// <summary>
    /// Transient faults (gateway, Inventory UNAVAILABLE or past its deadline, database) are retried with growing pauses
    /// while the message stays on this host; what still fails, or can never succeed (a poison message), lands in the
    /// queue's <c>_error</c> queue.
    /// </summary>
    private static void UseCommandRetry(this IReceiveEndpointConfigurator endpoint)
    {
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<InvalidMessageException>();
            retry.Ignore<RpcException>(exception => exception.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded
                or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal));
            retry.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        });
    }

    private static WorkerRoles ReadRoles(ConfigurationManager configuration)
    {
        // "--roles saga,payments" arrives as the key "roles"; "--Workers:Roles saga,payments" as the section's key.
        var text = configuration["roles"] ?? configuration["Workers:Roles"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return WorkerRoles.All;
        }

        var roles = WorkerRoles.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= name.ToLowerInvariant() switch
            {
                "saga" => WorkerRoles.Saga,
                "payments" => WorkerRoles.Payments,
                "shipping" => WorkerRoles.Shipping,
                "stock" => WorkerRoles.Stock,
                _ => throw new InvalidOperationException(
                    $"Workers:Roles names an unknown role \"{name}\"; the roles are saga, payments, shipping and stock."),
            };
        }

        return roles == WorkerRoles.None
            ? throw new InvalidOperationException("Workers:Roles names no role; the roles are saga, payments, shipping and stock.")
            : roles;
    }

    private static string ConnectionString(ConfigurationManager configuration, string name) =>
        ServiceDatabase.ConnectionString(configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured."));
}
