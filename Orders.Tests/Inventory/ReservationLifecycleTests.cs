using Google.Rpc;
using Grpc.Core;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class ReservationLifecycleTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(ReservationLifecycleTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task Committing_takes_the_units_out_of_reserved_and_off_hand()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0010", 5), ("SKU-0011", 1)));

        var reply = await client.CommitReservationAsync(Order(orderId));

        var first = await client.GetStockLevelAsync("SKU-0010");
        var second = await client.GetStockLevelAsync("SKU-0011");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(ReservationStatus.Committed));
            Assert.That(reply.OrderId, Is.EqualTo(orderId.ToString()));
            Assert.That((first.OnHand, first.Reserved), Is.EqualTo((995, 0)));
            Assert.That((second.OnHand, second.Reserved), Is.EqualTo((999, 0)));
        }
    }

    [Test]
    public async Task Releasing_makes_the_units_available_again()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0012", 5)));

        var reply = await client.ReleaseReservationAsync(Order(orderId));

        var stock = await client.GetStockLevelAsync("SKU-0012");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(ReservationStatus.Released));
            Assert.That((stock.OnHand, stock.Reserved, stock.Available), Is.EqualTo((1000, 0, 1000)));
        }
    }

    [Test]
    public async Task Committing_twice_succeeds_and_takes_the_units_once()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0013", 4)));

        await client.CommitReservationAsync(Order(orderId));
        var again = await client.CommitReservationAsync(Order(orderId));

        var stock = await client.GetStockLevelAsync("SKU-0013");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Status, Is.EqualTo(ReservationStatus.Committed));
            Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((996, 0)));
        }
    }

    [Test]
    public async Task Releasing_twice_succeeds_and_gives_the_units_back_once()
    {
        var client = _inventory.Client;
        var other = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(other, ("SKU-0014", 2)));
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0014", 4)));

        await client.ReleaseReservationAsync(Order(orderId));
        var again = await client.ReleaseReservationAsync(Order(orderId));

        var stock = await client.GetStockLevelAsync("SKU-0014");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Status, Is.EqualTo(ReservationStatus.Released));
            Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((1000, 2)));
        }
    }

    [Test]
    public async Task Committing_after_a_release_fails_with_failed_precondition_and_changes_nothing()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0015", 3)));
        await client.ReleaseReservationAsync(Order(orderId));

        var error = await client.CommitReservationAsync(Order(orderId)).FailsAsync();

        var stock = await client.GetStockLevelAsync("SKU-0015");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.ReservationReleased));
            Assert.That(error.Detail<PreconditionFailure>().Violations.Single().Subject, Is.EqualTo(orderId.ToString()));
            Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((1000, 0)));
        }
    }

    [Test]
    public async Task Releasing_after_a_commit_fails_with_failed_precondition_and_changes_nothing()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0016", 3)));
        await client.CommitReservationAsync(Order(orderId));

        var error = await client.ReleaseReservationAsync(Order(orderId)).FailsAsync();

        var stock = await client.GetStockLevelAsync("SKU-0016");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.ReservationCommitted));
            Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((997, 0)));
        }
    }

    [Test]
    public async Task Committing_an_unknown_order_fails_with_not_found()
    {
        var error = await _inventory.Client.CommitReservationAsync(Order(Guid.NewGuid())).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.ReservationNotFound));
        }
    }

    [Test]
    public async Task Releasing_an_unknown_order_fails_with_not_found()
    {
        var error = await _inventory.Client.ReleaseReservationAsync(Order(Guid.NewGuid())).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.ReservationNotFound));
        }
    }
}
