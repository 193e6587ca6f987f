using Google.Rpc;
using Grpc.Core;
using Npgsql;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class ReserveStockTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(ReserveStockTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task Reserving_holds_every_line_and_replies_with_the_catalogue_prices_and_currency()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow;

        var reply = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0002", 3), ("SKU-0001", 2)));

        var first = await client.GetStockLevelAsync("SKU-0001");
        var second = await client.GetStockLevelAsync("SKU-0002");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.OrderId, Is.EqualTo(orderId.ToString()));
            Assert.That(reply.Status, Is.EqualTo(ReservationStatus.Reserved));
            Assert.That(reply.Currency, Is.EqualTo("EUR"));
            Assert.That(reply.Lines.Select(line => (line.Sku, line.Quantity, line.UnitPrice.ToDecimal())), Is.EqualTo(new[]
            {
                ("SKU-0001", 2, first.UnitPrice.ToDecimal()),
                ("SKU-0002", 3, second.UnitPrice.ToDecimal()),
            }));
            Assert.That(reply.Lines.Select(line => line.UnitPrice.ToDecimal()), Has.All.GreaterThan(0m));
            Assert.That(reply.ExpiresAt.ToDateTimeOffset(), Is.EqualTo(before + TimeSpan.FromHours(24)).Within(TimeSpan.FromMinutes(1)));
            Assert.That((first.OnHand, first.Reserved, first.Available), Is.EqualTo((1000, 2, 998)));
            Assert.That((second.OnHand, second.Reserved, second.Available), Is.EqualTo((1000, 3, 997)));
        }
    }

    [Test]
    public async Task Reserving_the_same_order_twice_returns_the_first_result()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();

        var first = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0003", 4)));
        var again = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0003", 4)));
        var changed = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0003", 9), ("SKU-0004", 1)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(changed, Is.EqualTo(first));
            Assert.That((await client.GetStockLevelAsync("SKU-0003")).Reserved, Is.EqualTo(4));
            Assert.That((await client.GetStockLevelAsync("SKU-0004")).Reserved, Is.Zero);
        }
    }

    [Test]
    public async Task Reserving_a_released_order_again_returns_the_released_reservation_and_holds_nothing()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();
        var first = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0005", 6)));
        await client.ReleaseReservationAsync(Order(orderId));

        var again = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0005", 6)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Status, Is.EqualTo(ReservationStatus.Released));
            Assert.That(again.Lines, Is.EqualTo(first.Lines));
            Assert.That((await client.GetStockLevelAsync("SKU-0005")).Reserved, Is.Zero);
        }
    }

    [Test]
    public async Task Reserving_unknown_skus_fails_with_not_found_naming_each_of_them_and_reserves_nothing()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();

        var error = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0006", 1), ("NOPE-2", 1), ("NOPE-1", 1))).FailsAsync();

        var info = error.Detail<ErrorInfo>();
        string[] unknown = ["NOPE-1", "NOPE-2"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(info.Reason, Is.EqualTo(InventoryErrorReasons.UnknownSku));
            Assert.That(info.Metadata["skus"], Is.EqualTo("NOPE-1,NOPE-2"));
            Assert.That(error.Details<ResourceInfo>().Select(resource => resource.ResourceName), Is.EqualTo(unknown));
            Assert.That((await client.GetStockLevelAsync("SKU-0006")).Reserved, Is.Zero);
            Assert.That((await client.ReleaseReservationAsync(Order(orderId)).FailsAsync()).StatusCode, Is.EqualTo(StatusCode.NotFound));
        }
    }

    [Test]
    public async Task Reserving_more_than_is_available_fails_naming_the_short_skus_and_reserves_no_line()
    {
        var client = _inventory.Client;
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0007", OnHand = 5 });
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0008", OnHand = 2 });
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0009", OnHand = 0 });
        var orderId = Guid.NewGuid();

        var error = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0009", 1), ("SKU-0007", 3), ("SKU-0008", 3))).FailsAsync();

        var violations = error.Detail<PreconditionFailure>().Violations;
        string[] shortSkus = ["SKU-0008", "SKU-0009"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.InsufficientStock));
            Assert.That(error.Detail<ErrorInfo>().Metadata["skus"], Is.EqualTo("SKU-0008,SKU-0009"));
            Assert.That(violations.Select(violation => violation.Subject), Is.EqualTo(shortSkus));
            Assert.That(violations[0].Description, Is.EqualTo("requested 3, available 2"));
            Assert.That(violations[1].Description, Is.EqualTo("requested 1, available 0"));
            foreach (var sku in (string[])["SKU-0007", .. shortSkus])
            {
                Assert.That((await client.GetStockLevelAsync(sku)).Reserved, Is.Zero, sku);
            }

            Assert.That((await client.CommitReservationAsync(Order(orderId)).FailsAsync()).StatusCode, Is.EqualTo(StatusCode.NotFound));
        }
    }

    [Test]
    public async Task Reserving_only_unknown_skus_fails_with_not_found_and_stores_no_reservation()
    {
        var client = _inventory.Client;
        var orderId = Guid.NewGuid();

        var error = await client.ReserveStockAsync(Reserve(orderId, ("NOPE-3", 1))).FailsAsync();
        var again = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0010", 1)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Detail<ErrorInfo>().Metadata["skus"], Is.EqualTo("NOPE-3"));
            Assert.That(again.Lines.Single().Sku, Is.EqualTo("SKU-0010"), "the refused call left no reservation behind");
        }
    }

    [Test]
    public async Task Reserving_lines_priced_in_two_currencies_fails_and_reserves_no_line()
    {
        var client = _inventory.Client;
        await using (var connection = new NpgsqlConnection(_inventory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO inventory.products (sku, name, unit_price, currency) VALUES ('USD-0001', 'Dollar mug', 5.00, 'USD');
                INSERT INTO inventory.stock (sku, on_hand, reserved) VALUES ('USD-0001', 10, 0);
                """,
                connection);
            await insert.ExecuteNonQueryAsync();
        }

        var orderId = Guid.NewGuid();
        var error = await client.ReserveStockAsync(Reserve(orderId, ("USD-0001", 1), ("SKU-0011", 1))).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.MixedCurrencies));
            Assert.That(error.Status.Detail, Does.Contain("(EUR, USD)"));
            Assert.That((await client.GetStockLevelAsync("USD-0001")).Reserved, Is.Zero);
            Assert.That((await client.GetStockLevelAsync("SKU-0011")).Reserved, Is.Zero);
            Assert.That((await client.ReleaseReservationAsync(Order(orderId)).FailsAsync()).StatusCode, Is.EqualTo(StatusCode.NotFound));
        }
    }

    [Test]
    public async Task Reserving_the_same_order_again_after_it_took_the_last_units_returns_the_first_result()
    {
        var client = _inventory.Client;
        await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0012", OnHand = 5 });
        var orderId = Guid.NewGuid();

        var first = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0012", 5)));
        var again = await client.ReserveStockAsync(Reserve(orderId, ("SKU-0012", 5)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That((await client.GetStockLevelAsync("SKU-0012")).Reserved, Is.EqualTo(5));
        }
    }
}
