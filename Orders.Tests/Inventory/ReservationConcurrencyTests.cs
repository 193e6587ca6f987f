using Grpc.Core;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class ReservationConcurrencyTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(ReservationConcurrencyTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task Concurrent_reservations_of_the_last_units_succeed_for_exactly_the_available_amount()
    {
        var client = _inventory.Client;
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0001", OnHand = 50 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            try
            {
                await client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0001", 1)));
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        }));

        var stock = await client.GetStockLevelAsync("SKU-0001");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Count(code => code == StatusCode.OK), Is.EqualTo(50));
            Assert.That(outcomes.Count(code => code == StatusCode.FailedPrecondition), Is.EqualTo(150));
            Assert.That((stock.OnHand, stock.Reserved, stock.Available), Is.EqualTo((50, 50, 0)));
        }
    }

    [Test]
    public async Task Concurrent_reservations_of_the_same_order_make_one_reservation()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            await client.ReserveStockAsync(Reserve(orderId, ("SKU-0002", 3), ("SKU-0003", 1)))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies, Has.All.EqualTo(replies[0]));
            Assert.That(replies[0].Status, Is.EqualTo(ReservationStatus.Reserved));
            Assert.That((await client.GetStockLevelAsync("SKU-0002")).Reserved, Is.EqualTo(3));
            Assert.That((await client.GetStockLevelAsync("SKU-0003")).Reserved, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Concurrent_multi_line_reservations_listing_skus_in_opposite_orders_all_succeed()
    {
        var client = _inventory.Client;

        // Lines given as A,B and as B,A: locking in request order would deadlock some of these.
        var replies = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            await client.ReserveStockAsync(i % 2 == 0
                ? Reserve(Guid.NewGuid(), ("SKU-0004", 1), ("SKU-0005", 1), ("SKU-0006", 1))
                : Reserve(Guid.NewGuid(), ("SKU-0006", 1), ("SKU-0005", 1), ("SKU-0004", 1)))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies.Select(reply => reply.Status), Has.All.EqualTo(ReservationStatus.Reserved));
            foreach (var sku in (string[])["SKU-0004", "SKU-0005", "SKU-0006"])
            {
                Assert.That((await client.GetStockLevelAsync(sku)).Reserved, Is.EqualTo(60), sku);
            }
        }
    }

    [Test]
    public async Task Concurrent_commits_and_releases_of_one_order_apply_exactly_one_of_them()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(orderId, ("SKU-0007", 10)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                var reply = i % 2 == 0
                    ? await client.CommitReservationAsync(Order(orderId))
                    : await client.ReleaseReservationAsync(Order(orderId));
                return reply.Status;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
            {
                return ReservationStatus.Unspecified;
            }
        }));

        var stock = await client.GetStockLevelAsync("SKU-0007");
        var winner = outcomes.First(status => status != ReservationStatus.Unspecified);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Where(status => status != ReservationStatus.Unspecified), Has.All.EqualTo(winner));
            Assert.That(stock.Reserved, Is.Zero);
            Assert.That(stock.OnHand, Is.EqualTo(winner == ReservationStatus.Committed ? 990 : 1000));
        }
    }

    [Test]
    public async Task Concurrent_multi_line_reservations_with_one_scarce_line_hold_the_plentiful_line_only_for_the_winners()
    {
        var client = _inventory.Client;
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0008", OnHand = 5 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0009", 2), ("SKU-0008", 1)));
                return StatusCode.OK;
            }
            catch (RpcException exception)
            {
                return exception.StatusCode;
            }
        }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Count(code => code == StatusCode.OK), Is.EqualTo(5));
            Assert.That(outcomes.Count(code => code == StatusCode.FailedPrecondition), Is.EqualTo(15));
            Assert.That((await client.GetStockLevelAsync("SKU-0008")).Reserved, Is.EqualTo(5));
            Assert.That((await client.GetStockLevelAsync("SKU-0009")).Reserved, Is.EqualTo(10));
        }
    }

    [Test]
    public async Task Concurrent_reservations_of_the_same_order_for_the_last_units_all_return_that_reservation()
    {
        var client = _inventory.Client;
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0010", OnHand = 3 });
        var orderId = Guid.NewGuid();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            await client.ReserveStockAsync(Reserve(orderId, ("SKU-0010", 3)))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replies, Has.All.EqualTo(replies[0]));
            Assert.That(replies[0].Status, Is.EqualTo(ReservationStatus.Reserved));
            Assert.That((await client.GetStockLevelAsync("SKU-0010")).Reserved, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task Concurrent_commits_and_releases_of_orders_sharing_skus_take_or_give_back_each_order_once()
    {
        var client = _inventory.Client;
        var orders = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        foreach (var orderId in orders)
        {
            await client.ReserveStockAsync(Reserve(orderId, ("SKU-0011", 1), ("SKU-0012", 2)));
        }

        var outcomes = await Task.WhenAll(orders.Select(async (orderId, i) =>
        {
            try
            {
                var reply = i % 2 == 0
                    ? await client.CommitReservationAsync(Order(orderId))
                    : await client.ReleaseReservationAsync(Order(orderId));
                return reply.Status;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
            {
                return ReservationStatus.Unspecified;
            }
        }));

        var committed = outcomes.Count(status => status == ReservationStatus.Committed);
        var first = await client.GetStockLevelAsync("SKU-0011");
        var second = await client.GetStockLevelAsync("SKU-0012");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Has.None.EqualTo(ReservationStatus.Unspecified));
            Assert.That((first.OnHand, first.Reserved), Is.EqualTo((1000 - committed, 0)));
            Assert.That((second.OnHand, second.Reserved), Is.EqualTo((1000 - (2 * committed), 0)));
        }
    }
}
