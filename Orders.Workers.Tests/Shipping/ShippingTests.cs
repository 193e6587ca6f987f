using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Workers.Shipping;
using Orders.Workers.Tests.Hosting;

namespace Orders.Workers.Tests.Shipping;

/// <summary>The shipping endpoint on real PostgreSQL and RabbitMQ, in a host that runs only the shipping role.</summary>
public sealed class ShippingTests : WorkersFixture
{
    protected override string Roles => "shipping";

    [Test]
    public async Task Order_to_GB_ships_with_a_tracking_number()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Shipping, ShipTo(orderId, "GB"));

        var shipped = (await Events.WaitForAsync<OrderShipped>(x => x.OrderId == orderId)).Single();
        await using var db = OpenShipping();
        var shipment = await db.Shipments.SingleAsync(x => x.OrderId == orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shipped.TrackingNumber, Is.Not.Empty);
            Assert.That(shipment.TrackingNumber, Is.EqualTo(shipped.TrackingNumber));
            Assert.That(shipment.Country, Is.EqualTo("GB"));
        }
    }

    [Test]
    public async Task Order_to_ZZ_fails_as_undeliverable()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Shipping, ShipTo(orderId, "ZZ"));

        var failed = (await Events.WaitForAsync<ShipmentFailed>(x => x.OrderId == orderId)).Single();
        await using var db = OpenShipping();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Reason, Does.Contain("undeliverable"));
            Assert.That((await db.Shipments.SingleAsync(x => x.OrderId == orderId)).TrackingNumber, Is.Null);
            Assert.That(Events.Of<OrderShipped>(x => x.OrderId == orderId), Is.Empty);
        }
    }

    [Test]
    public async Task Shipping_an_order_twice_books_the_carrier_once()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Shipping, ShipTo(orderId, "DE"));
        await Observer.SendAsync(Endpoints.Shipping, ShipTo(orderId, "DE"));

        var shipped = await Events.WaitForAsync<OrderShipped>(x => x.OrderId == orderId, count: 2);
        await using var db = OpenShipping();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Workers.Get<SimulatedCarrier>().RequestsFor(orderId), Is.EqualTo(1));
            Assert.That(await db.Shipments.CountAsync(x => x.OrderId == orderId), Is.EqualTo(1));
            Assert.That(shipped.Select(x => x.TrackingNumber).Distinct().Count(), Is.EqualTo(1));
        }
    }

    private static ShipOrder ShipTo(Guid orderId, string country) =>
        new(orderId, new ShippingAddress("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", country), [new OrderLine("SKU-0001", 1, 19.90m)]);
}
