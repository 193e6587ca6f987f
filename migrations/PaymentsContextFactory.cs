using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orders.Workers.Payments;

namespace Orders.Migrations;

/// <summary>Builds the Workers' payments context for migrating, with its history table in its own schema.</summary>
public sealed class PaymentsContextFactory : IDesignTimeDbContextFactory<PaymentsDbContext>
{
    public static PaymentsDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(PaymentsContextFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable("__EFMigrationsHistory", PaymentsDbContext.Schema))
            .Options);

    public PaymentsDbContext CreateDbContext(string[] args) => Create(Migrator.DevelopmentConnectionString);
}
