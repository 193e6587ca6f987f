using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orders.Contracts;
using Orders.Migrations;
using Orders.Testing;
using Orders.Testing.Harness;
using Orders.Testing.Quiet;
using Orders.Workers.Tests.Hosting;
using Orders.Workers.Workflow;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>
/// The real Workers host with every role, on RabbitMQ and PostgreSQL, with the real Inventory over gRPC, running on a
/// fake clock; a test harness watches its bus, outbox deliveries included.
/// </summary>
public sealed class RunningWorld : IOrderWorld
{
    private const string Sku = "SKU-0010";

    private readonly TestDatabase _database;
    private readonly TestVirtualHost _virtualHost;
    private readonly InventoryApp _inventory;
    private readonly WorkersApp _workers;

    private RunningWorld(TestDatabase database, TestVirtualHost virtualHost, InventoryApp inventory, WorkersApp workers, FakeTimeProvider clock)
    {
        _database = database;
        _virtualHost = virtualHost;
        _inventory = inventory;
        _workers = workers;
        Clock = clock;
        Harness = workers.Get<ITestHarness>();
        System = new TestSystem(database.ConnectionString, virtualHost, clock).Watch(workers.Get<IBus>());
    }

    public FakeTimeProvider Clock { get; }

    public ITestHarness Harness { get; }

    public TestSystem System { get; }

    public TimeSpan PaymentTimeout => TimeSpan.FromMinutes(2);

    public static async Task<RunningWorld> StartAsync(string purpose)
    {
        var database = await TestDatabase.CreateAsync(purpose);
        var virtualHost = await TestVirtualHost.CreateAsync(purpose);
        await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        var inventory = await InventoryApp.StartAsync(database.ConnectionString);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var workers = await WorkersApp.StartAsync(
            database.ConnectionString,
            virtualHost,
            "saga,payments,shipping,stock",
            new Dictionary<string, string?>
            {
                ["Inventory:Address"] = inventory.Address.ToString(),
                ["Workflow:PaymentTimeout"] = "00:02:00",
                ["Payments:GatewayTimeout"] = "00:00:00.100",
            },
            services => services
                .AddSingleton<TimeProvider>(clock)
                .AddTestHarnessToBus()
                .AddOutboxToTestHarness(typeof(OrderSubmitted).Assembly));
        var world = new RunningWorld(database, virtualHost, inventory, workers, clock);

        // One order down the whole path first, so that the scenarios run on warm processes (JIT, pools, channels).
        await world.SubmitAsync(Guid.NewGuid(), PaymentToken.Approved);
        await world.System.UntilQuiet(TimeSpan.FromSeconds(60));
        return world;
    }

    /// <summary>Reserves the stock in Inventory and submits the order, as the API does.</summary>
    public async Task SubmitAsync(Guid orderId, string paymentToken)
    {
        var reservation = await _inventory.ReserveAsync(orderId, Sku, 1);
        var price = reservation.Lines.Single().UnitPrice.ToDecimal();
        await _workers.Get<IBus>().Publish(new OrderSubmitted(
            orderId,
            "customer-1",
            [new OrderLine(Sku, 1, price)],
            price,
            reservation.Currency,
            paymentToken,
            new ShippingAddress("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", "GB"),
            Clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>Units of <see cref="Sku"/> held by reservations not yet committed or released.</summary>
    public async Task<int> ReservedAsync() => (await _inventory.StockAsync(Sku)).Reserved;

    public WorkflowDbContext OpenWorkflow() =>
        new(new DbContextOptionsBuilder<WorkflowDbContext>().UseNpgsql(_database.ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        await _workers.DisposeAsync();
        await _inventory.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }
}
