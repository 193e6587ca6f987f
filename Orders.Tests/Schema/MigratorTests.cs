using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Tests.Schema;

public sealed class MigratorTests
{
    [Test]
    public async Task Migrating_a_new_database_applies_every_migration_once_and_then_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(nameof(MigratorTests));

        var first = await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        var second = await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("inventory/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialInventory", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("ordering/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialOrdering", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("workflow/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialWorkflow", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("workflow/", StringComparison.Ordinal)
                && migration.EndsWith("_OrderSaga", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("payments/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialPayments", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("shipping/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialShipping", StringComparison.Ordinal)));
            Assert.That(second, Is.Empty);
            Assert.That(await TablesAsync(database, "inventory"), Is.EqualTo("__EFMigrationsHistory,products,reservation_lines,reservations,stock"));
            Assert.That(
                await TablesAsync(database, "ordering"),
                Is.EqualTo("__EFMigrationsHistory,idempotency_keys,inbox_messages,order_items,order_timeline,orders,outbox_messages"));
            Assert.That(await TablesAsync(database, "workflow"), Is.EqualTo("__EFMigrationsHistory,inbox_messages,order_states,outbox_messages"));
            Assert.That(await TablesAsync(database, "payments"), Is.EqualTo("__EFMigrationsHistory,inbox_messages,outbox_messages,payments,refunds"));
            Assert.That(await TablesAsync(database, "shipping"), Is.EqualTo("__EFMigrationsHistory,inbox_messages,outbox_messages,shipments"));
        }
    }

    [Test]
    public void Every_schema_model_matches_its_migrations()
    {
        // A mapping changed without `dotnet ef migrations add` (in a service or in Orders.Messaging) fails here.
        using var inventory = InventoryContextFactory.Create(Migrator.DevelopmentConnectionString);
        using var ordering = OrderingContextFactory.Create(Migrator.DevelopmentConnectionString);
        using var workflow = WorkflowContextFactory.Create(Migrator.DevelopmentConnectionString);
        using var payments = PaymentsContextFactory.Create(Migrator.DevelopmentConnectionString);
        using var shipping = ShippingContextFactory.Create(Migrator.DevelopmentConnectionString);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inventory.Database.HasPendingModelChanges(), Is.False, "inventory");
            Assert.That(ordering.Database.HasPendingModelChanges(), Is.False, "ordering");
            Assert.That(workflow.Database.HasPendingModelChanges(), Is.False, "workflow");
            Assert.That(payments.Database.HasPendingModelChanges(), Is.False, "payments");
            Assert.That(shipping.Database.HasPendingModelChanges(), Is.False, "shipping");
        }
    }

    private static async Task<object?> TablesAsync(TestDatabase database, string schema)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = @schema", connection);
        tables.Parameters.AddWithValue("schema", schema);
        return await tables.ExecuteScalarAsync();
    }
}
