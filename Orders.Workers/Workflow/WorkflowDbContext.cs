using Microsoft.EntityFrameworkCore;
using Orders.Messaging;
using Orders.Workers.Saga;

namespace Orders.Workers.Workflow;

/// <summary>
/// The schema <c>workflow</c>: the order saga's instances and the outbox, inbox and scheduled messages of the saga and
/// the stock consumers, all written in the transaction of the message being consumed.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public const string Schema = "workflow";

    public DbSet<OrderState> Orders => Set<OrderState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();
        modelBuilder.ApplyConfiguration(new OrderStateMap());
    }
}
