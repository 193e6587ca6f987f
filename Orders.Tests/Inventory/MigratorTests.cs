using Npgsql;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Tests.Inventory;

public sealed class MigratorTests
{
    [Test]
    public async Task Migrating_a_new_database_applies_every_migration_once_and_then_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(nameof(MigratorTests));

        var first = await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);
        var second = await Migrator.MigrateAsync(database.ConnectionString, CancellationToken.None);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'inventory'",
            connection);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Some.Matches<string>(migration => migration.StartsWith("inventory/", StringComparison.Ordinal)
                && migration.EndsWith("_InitialInventory", StringComparison.Ordinal)));
            Assert.That(second, Is.Empty);
            Assert.That(
                await tables.ExecuteScalarAsync(),
                Is.EqualTo("__EFMigrationsHistory,products,reservation_lines,reservations,stock"));
        }
    }
}
