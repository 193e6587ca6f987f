using Orders.Contracts;
using Orders.Workers.Tests.Hosting;

namespace Orders.Workers.Tests.Stock;

/// <summary>The stock endpoint against a real Inventory over gRPC, in a host that runs only the stock role.</summary>
public sealed class StockTests : WorkersFixture
{
    protected override string Roles => "stock";

    protected override bool NeedsInventory => true;

    [Test]
    public async Task Committing_stock_takes_the_reserved_units_out_of_the_warehouse()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0002");
        await Inventory.ReserveAsync(orderId, "SKU-0002", 3);

        await Observer.SendAsync(Endpoints.Stock, new CommitStock(orderId));

        await Events.WaitForAsync<StockCommitted>(x => x.OrderId == orderId);
        var after = await Inventory.StockAsync("SKU-0002");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand - 3));
            Assert.That(after.Reserved, Is.EqualTo(before.Reserved));
        }
    }

    [Test]
    public async Task Releasing_stock_makes_the_reserved_units_available_again()
    {
        var orderId = Guid.NewGuid();
        var before = await Inventory.StockAsync("SKU-0003");
        await Inventory.ReserveAsync(orderId, "SKU-0003", 4);
        Assert.That((await Inventory.StockAsync("SKU-0003")).Available, Is.EqualTo(before.Available - 4));

        await Observer.SendAsync(Endpoints.Stock, new ReleaseStock(orderId));
        await Observer.SendAsync(Endpoints.Stock, new ReleaseStock(orderId));

        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId, count: 2);
        var after = await Inventory.StockAsync("SKU-0003");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.OnHand, Is.EqualTo(before.OnHand));
            Assert.That(after.Available, Is.EqualTo(before.Available));
        }
    }

    [Test]
    public async Task Releasing_the_stock_of_an_order_without_a_reservation_counts_as_released()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Stock, new ReleaseStock(orderId));

        await Events.WaitForAsync<StockReleased>(x => x.OrderId == orderId);
    }
}
