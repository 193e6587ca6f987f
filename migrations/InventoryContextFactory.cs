using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orders.Inventory.Data;

namespace Orders.Migrations;

/// <summary>
/// Builds the Inventory context for migrating: the migrations live here, not in the service, and the history table
/// lives in the schema it describes. Also what <c>dotnet ef</c> uses at design time.
/// </summary>
public sealed class InventoryContextFactory : IDesignTimeDbContextFactory<InventoryDbContext>
{
    public static InventoryDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<InventoryDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(InventoryContextFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable("__EFMigrationsHistory", InventoryDbContext.Schema))
            .Options);

    public InventoryDbContext CreateDbContext(string[] args) => Create(Migrator.DevelopmentConnectionString);
}
