using Grpc.Core;
using Npgsql;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class UnexpectedErrorTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(UnexpectedErrorTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task An_unexpected_failure_answers_internal_with_a_generic_message()
    {
        // A schema the code does not expect: every reservation now fails in a way nobody planned for.
        await using (var connection = new NpgsqlConnection(_inventory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand("ALTER TABLE inventory.reservation_lines RENAME TO reservation_lines_gone", connection);
            await rename.ExecuteNonQueryAsync();
        }

        var error = await _inventory.Client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0001", 1))).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Internal));
            Assert.That(error.Status.Detail, Is.EqualTo("An internal error occurred."));
        }
    }
}
