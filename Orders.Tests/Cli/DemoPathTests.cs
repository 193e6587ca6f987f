using Orders.Cli.Demo;
using Orders.Cli.Rest;

namespace Orders.Tests.Cli;

/// <summary>The demo's table of paths: what each asks of the simulated outside world and where it must end.</summary>
public sealed class DemoPathTests
{
    [Test]
    public void Each_path_must_end_in_the_final_state_its_outside_world_leads_to()
    {
        var paths = DemoPath.All.Select(p => (p.Name, p.Order.PaymentToken, p.Order.Country, p.CancelAtOnce, p.ExpectedStatus, p.ExpectedReason));

        Assert.That(paths, Is.EqualTo(new (string, string, string, bool, string, string?)[]
        {
            ("completed", "tok_visa", "GB", false, "Completed", null),
            ("payment declined", "tok_declined", "GB", false, "Cancelled", "payment_declined"),
            ("undeliverable", "tok_visa", "ZZ", false, "Cancelled", "shipment_failed"),
            ("flaky payment", "tok_flaky", "GB", false, "Completed", null),
            ("cancelled by customer", "tok_timeout", "GB", true, "Cancelled", "cancelled_by_customer"),
        }));
    }

    [Test]
    public void Each_path_orders_its_own_sku_so_its_stock_movements_are_its_own() =>
        Assert.That(DemoPath.All.Select(p => p.Order.Sku), Is.Unique);

    [Test]
    public void A_path_is_reached_only_by_its_status_with_its_reason()
    {
        var declined = DemoPath.All.Single(p => p.Name == "payment declined");

        Assert.Multiple(() =>
        {
            Assert.That(declined.IsReachedBy(Final("Cancelled", "payment_declined")), Is.True);
            Assert.That(declined.IsReachedBy(Final("Cancelled", "payment_timeout")), Is.False, "another reason");
            Assert.That(declined.IsReachedBy(Final("Completed", null)), Is.False, "another status");
        });
    }

    private static Order Final(string status, string? reason) =>
        new(Guid.NewGuid(), status, reason, PaymentId: null, TrackingNumber: null, Timeline: []);
}
