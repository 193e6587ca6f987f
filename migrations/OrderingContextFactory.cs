using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orders.Api.Data;

namespace Orders.Migrations;

/// <summary>Builds the API's ordering context for migrating, with its history table in its own schema.</summary>
public sealed class OrderingContextFactory : IDesignTimeDbContextFactory<OrderingDbContext>
{
    public static OrderingDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<OrderingDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(OrderingContextFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable("__EFMigrationsHistory", OrderingDbContext.Schema))
            .Options);

    public OrderingDbContext CreateDbContext(string[] args) => Create(Migrator.DevelopmentConnectionString);
}
