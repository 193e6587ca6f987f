using Microsoft.EntityFrameworkCore;
using Orders.Messaging;

namespace Orders.Workers.Workflow;

/// <summary>
/// The schema <c>workflow</c>: the outbox, inbox and scheduled messages of the workers' message handling (and, with
/// the order saga, its instances), all written in the transaction of the message being consumed.
/// </summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    public const string Schema = "workflow";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();
    }
}
