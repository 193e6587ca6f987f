using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orders.Workers.Shipping;

namespace Orders.Migrations;

/// <summary>Builds the Workers' shipping context for migrating, with its history table in its own schema.</summary>
public sealed class ShippingContextFactory : IDesignTimeDbContextFactory<ShippingDbContext>
{
    public static ShippingDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<ShippingDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(ShippingContextFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable("__EFMigrationsHistory", ShippingDbContext.Schema))
            .Options);

    public ShippingDbContext CreateDbContext(string[] args) => Create(Migrator.DevelopmentConnectionString);
}
