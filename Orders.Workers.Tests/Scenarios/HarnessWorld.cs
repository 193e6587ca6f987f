using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orders.Contracts;
using Orders.Messaging;
using Orders.Migrations;
using Orders.Testing;
using Orders.Testing.Harness;
using Orders.Testing.Quiet;
using Orders.Workers.Saga;
using Orders.Workers.Tests.Saga;
using Orders.Workers.Workflow;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>
/// The saga alone, as production wires it (its definition, the PostgreSQL repository, consumer outbox, bus outbox and
/// durable scheduler), on MassTransit's test harness with the in-memory transport and a fake clock. A stand-in answers
/// payments by token; the saga's other commands are only read from <see cref="Harness"/>.
/// </summary>
public sealed class HarnessWorld : IOrderWorld
{
    private readonly ServiceProvider _provider;
    private readonly TestDatabase _database;

    private HarnessWorld(ServiceProvider provider, TestDatabase database, FakeTimeProvider clock)
    {
        _provider = provider;
        _database = database;
        Clock = clock;
        Harness = provider.GetRequiredService<ITestHarness>();
        System = new TestSystem(database.ConnectionString, virtualHost: null, clock).Watch(Harness.Bus);
    }

    public IServiceProvider Services => _provider;

    public FakeTimeProvider Clock { get; }

    public ITestHarness Harness { get; }

    public TestSystem System { get; }

    public TimeSpan PaymentTimeout => TimeSpan.FromMinutes(2);

    public static async Task<HarnessWorld> StartAsync(string purpose)
    {
        var database = await TestDatabase.CreateAsync(purpose);
        await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.Configure<WorkflowOptions>(options => options.PaymentTimeout = TimeSpan.FromMinutes(2));
        services.AddDbContext<WorkflowDbContext>(options => options.UseNpgsql(database.ConnectionString));
        services.AddOutboxToTestHarness(typeof(OrderSubmitted).Assembly);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(30), testInactivityTimeout: TimeSpan.FromSeconds(30));
            x.AddPostgresOutbox<WorkflowDbContext>(outbox => outbox.UseBusOutbox());
            x.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateDefinition>()
                .PostgresRepository(r => r.ExistingDbContext<WorkflowDbContext>());
            x.AddConsumer<PaymentsStandIn>().Endpoint(e => e.Name = Endpoints.Payments);
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UsePostgresMessageScheduler();
                cfg.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var world = new HarnessWorld(provider, database, clock);
        await world.Harness.Start();
        return world;
    }

    /// <summary>Publishes through the bus outbox, as the API does: the message leaves when the transaction commits.</summary>
    public async Task SubmitAsync(Guid orderId, string paymentToken)
    {
        await using var scope = _provider.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(TestOrders.Submitted(orderId, paymentToken));
        await workflow.SaveChangesAsync();
    }

    public WorkflowDbContext OpenWorkflow() =>
        new(new DbContextOptionsBuilder<WorkflowDbContext>().UseNpgsql(_database.ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        await Harness.Stop();
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}
