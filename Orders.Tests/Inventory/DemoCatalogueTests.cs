using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Inventory;
using Orders.Inventory.Catalogue;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Tests.Inventory;

public sealed class DemoCatalogueTests
{
    [Test]
    public async Task Two_replicas_starting_together_on_an_empty_database_seed_the_catalogue_once()
    {
        await using var database = await TestDatabase.CreateAsync(nameof(DemoCatalogueTests));
        await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        var replicas = await Task.WhenAll(
            InventoryHost.StartOnDatabaseAsync(database.ConnectionString),
            InventoryHost.StartOnDatabaseAsync(database.ConnectionString));
        try
        {
            await Task.WhenAll(replicas.Select(replica => replica.WaitUntilReadyAsync()));
            var stock = await replicas[1].Client.GetStockAsync(new GetStockRequest());
            var seededAgain = await replicas[0].Services.GetRequiredService<DemoCatalogue>().SeedAsync(CancellationToken.None);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(stock.Items, Has.Count.EqualTo(24));
                Assert.That(stock.Items.Select(item => item.OnHand), Has.All.EqualTo(DemoCatalogue.StockPerSku));
                Assert.That(seededAgain, Is.False);
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
