using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Orders.Contracts.ReadModel;
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
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("ordering/", StringComparison.Ordinal)
                && migration.EndsWith("_OrderShippingAddress", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("workflow/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialWorkflow", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("workflow/", StringComparison.Ordinal)
                && migration.EndsWith("_OrderSaga", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("payments/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialPayments", StringComparison.Ordinal)));
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("shipping/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialShipping", StringComparison.Ordinal)));
            Assert.That(second, Is.Empty);
            Assert.That(await TablesAsync(database, "inventory"), Is.EqualTo("__EFMigrationsHistory,ops_reservations,products,reservation_lines,reservations,stock"));
            Assert.That(
                await TablesAsync(database, "ordering"),
                Is.EqualTo("__EFMigrationsHistory,audit_log,idempotency_keys,inbox_messages,ops_outbox,order_items,orders,outbox_messages"));
            Assert.That(await TablesAsync(database, "workflow"), Is.EqualTo("__EFMigrationsHistory,inbox_messages,ops_order_states,ops_outbox,order_progress,order_states,outbox_messages"));
            Assert.That(await TablesAsync(database, "payments"), Is.EqualTo("__EFMigrationsHistory,gateway_ledger,inbox_messages,ops_outbox,ops_payments,outbox_messages,payments,refunds"));
            Assert.That(await TablesAsync(database, "shipping"), Is.EqualTo("__EFMigrationsHistory,inbox_messages,ops_outbox,ops_shipments,outbox_messages,shipments"));
        }
    }

    [Test]
    public async Task An_order_stored_before_the_api_kept_addresses_is_kept_without_one_and_an_address_is_whole_or_absent()
    {
        await using var database = await TestDatabase.CreateAsync(nameof(MigratorTests));
        await using (var before = OrderingContextFactory.Create(database.ConnectionString))
        {
            await before.GetService<IMigrator>().MigrateAsync("InitialOrdering");
        }

        var orderId = Guid.CreateVersion7();
        await ExecuteAsync(
            database,
            """
            INSERT INTO ordering.orders (id, customer_id, status, total, currency, created_at, updated_at)
            VALUES (@id, 'ada', 'Completed', 19.90, 'EUR', now(), now())
            """,
            orderId);

        await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        await using var after = OrderingContextFactory.Create(database.ConnectionString);
        var order = await after.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
        var halfAddress = Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            database, "UPDATE ordering.orders SET shipping_name = 'Ada Lovelace' WHERE id = @id", orderId));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(order.Total, Is.EqualTo(19.90m));
            Assert.That(order.ShippingAddress, Is.Null);
            Assert.That(halfAddress?.ConstraintName, Is.EqualTo("ck_orders_shipping_address_whole"));
        }
    }

    [Test]
    public async Task The_timeline_of_an_order_placed_before_the_saga_kept_it_moves_into_the_sagas_progress()
    {
        await using var database = await TestDatabase.CreateAsync(nameof(MigratorTests));
        await using (var ordering = OrderingContextFactory.Create(database.ConnectionString))
        {
            await ordering.GetService<IMigrator>().MigrateAsync("OrderShippingAddress");
        }

        await using (var workflow = WorkflowContextFactory.Create(database.ConnectionString))
        {
            await workflow.GetService<IMigrator>().MigrateAsync("OrderSaga");
        }

        var orderId = Guid.CreateVersion7();
        await ExecuteAsync(
            database,
            """
            INSERT INTO ordering.orders (id, customer_id, status, payment_id, total, currency, created_at, updated_at)
            VALUES (@id, 'ada', 'Paid', 'pay_1', 19.90, 'EUR', '2026-11-30T10:00:00Z', '2026-11-30T10:00:01.5Z');
            INSERT INTO ordering.order_timeline (order_id, status, at, detail)
            VALUES (@id, 'Paid', '2026-11-30T10:00:01.5Z', 'pay_1'), (@id, 'Submitted', '2026-11-30T10:00:00Z', NULL);
            INSERT INTO workflow.order_states (order_id, current_state, items, total, payment_id, created_at, updated_at)
            VALUES (@id, 'Paid', '[]', 19.90, 'pay_1', '2026-11-30T10:00:00Z', '2026-11-30T10:00:01.5Z');
            """,
            orderId);

        await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT status, timeline::text FROM workflow.order_progress WHERE order_id = @id", connection);
        read.Parameters.AddWithValue("id", orderId);
        await using var row = await read.ExecuteReaderAsync();
        Assert.That(await row.ReadAsync(), Is.True, "the order has progress");
        var status = row.GetString(0);
        var timeline = JsonSerializer.Deserialize<TimelineEntry[]>(row.GetString(1), JsonSerializerOptions.Web)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo("Paid"));
            Assert.That(timeline, Is.EqualTo(new TimelineEntry[]
            {
                new("Submitted", new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc), null),
                new("Paid", new DateTime(2026, 11, 30, 10, 0, 1, 500, DateTimeKind.Utc), "pay_1"),
            }));
            Assert.That(timeline.Select(entry => entry.At.Kind), Has.All.EqualTo(DateTimeKind.Utc), "instants in UTC, as the saga writes them");
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

    private static async Task ExecuteAsync(TestDatabase database, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
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
