using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orders.Workers.Workflow;

namespace Orders.Migrations;

/// <summary>Builds the Workers' workflow context for migrating, with its history table in its own schema.</summary>
public sealed class WorkflowContextFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public static WorkflowDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(WorkflowContextFactory).Assembly.GetName().Name)
                .MigrationsHistoryTable("__EFMigrationsHistory", WorkflowDbContext.Schema))
            .Options);

    public WorkflowDbContext CreateDbContext(string[] args) => Create(Migrator.DevelopmentConnectionString);
}
