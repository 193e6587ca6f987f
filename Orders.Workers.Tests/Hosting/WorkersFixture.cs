using Microsoft.EntityFrameworkCore;
using Orders.Migrations;
using Orders.Testing;
using Orders.Workers.Payments;
using Orders.Workers.Shipping;
using Orders.Workers.Workflow;

namespace Orders.Workers.Tests.Hosting;

/// <summary>
/// Each test class gets a fresh migrated database and RabbitMQ virtual host, the real Workers app with the roles it
/// tests, an observer bus, and (when it needs one) a real Inventory on the same database.
/// </summary>
public abstract class WorkersFixture
{
    protected TestDatabase Database { get; private set; } = null!;

    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    protected BusObserver Observer { get; private set; } = null!;

    protected WorkersApp Workers { get; private set; } = null!;

    protected InventoryApp Inventory { get; private set; } = null!;

    protected RecordedEvents Events => Observer.Events;

    /// <summary>The value of <c>Workers:Roles</c> for this class.</summary>
    protected abstract string Roles { get; }

    protected virtual bool NeedsInventory => false;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    [OneTimeSetUp]
    public async Task StartServers()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        await Migrator.MigrateAsync(Database.ConnectionString, CancellationToken.None);
        Observer = await BusObserver.StartAsync(VirtualHost);
        var settings = new Dictionary<string, string?>(Settings);
        if (NeedsInventory)
        {
            Inventory = await InventoryApp.StartAsync(Database.ConnectionString);
            settings["Inventory:Address"] = Inventory.Address.ToString();
        }

        Workers = await WorkersApp.StartAsync(Database.ConnectionString, VirtualHost, Roles, settings);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        // Each piece only if its start got that far.
        if (Workers is not null)
        {
            await Workers.DisposeAsync();
        }

        if (Inventory is not null)
        {
            await Inventory.DisposeAsync();
        }

        if (Observer is not null)
        {
            await Observer.DisposeAsync();
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    protected PaymentsDbContext OpenPayments() =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql(Database.ConnectionString).Options);

    protected ShippingDbContext OpenShipping() =>
        new(new DbContextOptionsBuilder<ShippingDbContext>().UseNpgsql(Database.ConnectionString).Options);

    protected WorkflowDbContext OpenWorkflow() =>
        new(new DbContextOptionsBuilder<WorkflowDbContext>().UseNpgsql(Database.ConnectionString).Options);
}
