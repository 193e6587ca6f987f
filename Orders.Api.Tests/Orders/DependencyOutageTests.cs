using System.Net;
using Orders.Api.Tests.Support;
using Orders.Testing;

namespace Orders.Api.Tests.Orders;

/// <summary>Inventory or PostgreSQL down or slow: 503 with Retry-After, and nothing left behind.</summary>
public sealed class DependencyOutageTests : ApiFixture
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=none;Timeout=2";

    [Test]
    public async Task PostgreSQL_down_after_reserving_is_503_and_the_reservation_is_released()
    {
        var api = await StartApiAsync(new Dictionary<string, string?>(), connectionString: NoDatabase);
        var customer = Customer(host: api);
        var reservedBefore = await Inventory.ReservedAsync("SKU-0016");
        var heldBefore = await HeldReservationsAsync("SKU-0016");

        using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0016", 3)));

        await AssertUnavailableAsync(response, "PostgreSQL");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Inventory.ReservedAsync("SKU-0016"), Is.EqualTo(reservedBefore));
            Assert.That(await HeldReservationsAsync("SKU-0016"), Is.EqualTo(heldBefore));
            Assert.That(await ScalarAsync<long>("SELECT count(*) FROM inventory.reservations WHERE status = 'Released'"), Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task A_release_that_cannot_reach_inventory_is_retried_until_the_stock_is_given_back()
    {
        var api = await StartApiAsync(new Dictionary<string, string?>(), connectionString: NoDatabase);
        var customer = Customer(host: api);
        const string Released = "SELECT count(*) FROM inventory.reservation_lines l JOIN inventory.reservations r USING (order_id) " +
            "WHERE l.sku = 'SKU-0019' AND r.status = 'Released'";
        var releasedBefore = await ScalarAsync<long>(Released);
        // More failures than the client's own retries of UNAVAILABLE (4 attempts) absorb within one call.
        Inventory.Slowness.FailReleases(6);

        using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0019", 2)));

        await AssertUnavailableAsync(response, "PostgreSQL");
        Assert.That(await Eventually.Holds(async () => await ScalarAsync<long>(Released) == releasedBefore + 1), Is.True,
            "the reservation is released once Inventory answers again");
        Assert.That(await HeldReservationsAsync("SKU-0019"), Is.Zero);
    }

    [Test]
    public async Task PostgreSQL_down_is_503_for_reads_and_for_idempotent_requests()
    {
        var api = await StartApiAsync(new Dictionary<string, string?>(), connectionString: NoDatabase);
        var customer = Customer(host: api);

        using var read = await customer.GetAsync($"/orders/{Guid.NewGuid()}");
        using var place = await customer.PlaceAsync(OrderRequests.Valid(), idempotencyKey: "k-1");

        await AssertUnavailableAsync(read, "PostgreSQL");
        await AssertUnavailableAsync(place, "PostgreSQL");
    }

    [Test]
    public async Task Inventory_past_its_deadline_is_503_and_leaves_no_reservation()
    {
        var api = await StartApiAsync(new Dictionary<string, string?> { ["Inventory:Deadline"] = "00:00:00.300" });
        var customer = Customer(host: api);
        var heldBefore = await HeldReservationsAsync("SKU-0017");
        Inventory.Slowness.Delay = TimeSpan.FromSeconds(5);
        try
        {
            using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0017", 1)));

            await AssertUnavailableAsync(response, "Inventory");
        }
        finally
        {
            Inventory.Slowness.Delay = null;
        }

        Assert.That(await OrdersOfAsync(customer.CustomerId), Is.Zero);
        Assert.That(await HeldReservationsAsync("SKU-0017"), Is.EqualTo(heldBefore));
    }

    [Test]
    public async Task Inventory_stopped_is_503_with_retry_after_and_nothing_is_stored()
    {
        // A second Inventory on the same database, so stopping it leaves this class's own Inventory running.
        var inventory = await InventoryServer.StartAsync(Database.ConnectionString);
        var api = await StartApiAsync(new Dictionary<string, string?>(), inventory: inventory.Address);
        var customer = Customer(host: api);
        await customer.PlaceAcceptedAsync(OrderRequests.Valid(("SKU-0018", 1)));
        await inventory.DisposeAsync();

        using var response = await customer.PlaceAsync(OrderRequests.Valid(("SKU-0018", 1)));
        using var ready = await api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        await AssertUnavailableAsync(response, "Inventory");
        Assert.That(await OrdersOfAsync(customer.CustomerId), Is.EqualTo(1), "only the order placed before the outage");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready without Inventory");
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string dependency)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
        var problem = await CustomerClient.ReadProblemAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("dependency-unavailable"));
            Assert.That(problem["dependency"]!.GetValue<string>(), Is.EqualTo(dependency));
        }
    }
}
