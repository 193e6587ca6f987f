using Google.Rpc;
using Grpc.Core;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class RequestValidationTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(RequestValidationTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    public static IEnumerable<TestCaseData> InvalidReservations()
    {
        var orderId = Guid.NewGuid();
        (string, int) Line(int i) => ($"SKU-{i + 1:D4}", 1);

        yield return Case("a missing order id", new ReserveStockRequest { Lines = { new ReserveLine { Sku = "SKU-0001", Quantity = 1 } } }, "order_id");
        yield return Case("a malformed order id", WithOrderId("order-42"), "order_id");
        yield return Case("the empty UUID as order id", WithOrderId(Guid.Empty.ToString()), "order_id");
        yield return Case("no lines", Reserve(orderId), "lines");
        yield return Case("more than 50 lines", Reserve(orderId, [.. Enumerable.Range(0, OrderLimits.MaxLines + 1).Select(i => ($"ITEM-{i:D4}", 1))]), "lines");
        yield return Case("a quantity of zero", Reserve(orderId, Line(0), Line(1), Line(2), ("SKU-0004", 0)), "lines[3].quantity");
        yield return Case("a negative quantity", Reserve(orderId, ("SKU-0001", -5)), "lines[0].quantity");
        yield return Case("a quantity above 1000", Reserve(orderId, ("SKU-0001", OrderLimits.MaxQuantity + 1)), "lines[0].quantity");
        yield return Case("the same SKU on two lines", Reserve(orderId, Line(0), Line(1), Line(0)), "lines[2].sku");
        yield return Case("a lower-case SKU", Reserve(orderId, Line(0), Line(1), ("sku-0003", 1)), "lines[2].sku");
        yield return Case("an empty SKU", Reserve(orderId, (string.Empty, 1)), "lines[0].sku");
        yield return Case("a SKU longer than 32 characters", Reserve(orderId, (new string('A', 33), 1)), "lines[0].sku");
        yield return Case("a SKU with a trailing newline", Reserve(orderId, ("SKU-0001\n", 1)), "lines[0].sku");

        static ReserveStockRequest WithOrderId(string value) =>
            new() { OrderId = value, Lines = { new ReserveLine { Sku = "SKU-0001", Quantity = 1 } } };

        static TestCaseData Case(string what, ReserveStockRequest request, string field) =>
            new TestCaseData(request, field).SetArgDisplayNames(what);
    }

    [TestCaseSource(nameof(InvalidReservations))]
    public async Task Reserving_with_an_invalid_request_fails_with_invalid_argument_naming_the_field(ReserveStockRequest request, string field)
    {
        var error = await _inventory.Client.ReserveStockAsync(request).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Detail<BadRequest>().FieldViolations.Select(violation => violation.Field), Is.EquivalentTo(new[] { field }));
        }
    }

    [Test]
    public async Task Every_invalid_field_of_a_reservation_is_named_at_once()
    {
        var request = new ReserveStockRequest
        {
            OrderId = "nope",
            Lines = { new ReserveLine { Sku = "SKU-0001", Quantity = 0 }, new ReserveLine { Sku = "bad", Quantity = 1 } },
        };

        var error = await _inventory.Client.ReserveStockAsync(request).FailsAsync();

        string[] fields = ["order_id", "lines[0].quantity", "lines[1].sku"];
        Assert.That(error.Detail<BadRequest>().FieldViolations.Select(violation => violation.Field), Is.EquivalentTo(fields));
    }

    [Test]
    public async Task A_refused_reservation_holds_no_stock()
    {
        var orderId = Guid.NewGuid();

        await _inventory.Client.ReserveStockAsync(Reserve(orderId, ("SKU-0010", 2), ("SKU-0010", 1))).FailsAsync();

        var error = await _inventory.Client.ReleaseReservationAsync(Order(orderId)).FailsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That((await _inventory.Client.GetStockLevelAsync("SKU-0010")).Reserved, Is.Zero);
        }
    }

    [TestCase("")]
    [TestCase("not-a-uuid")]
    [TestCase("00000000-0000-0000-0000-000000000000")]
    public async Task Committing_or_releasing_without_a_valid_order_id_fails_with_invalid_argument(string orderId)
    {
        var commit = await _inventory.Client.CommitReservationAsync(new ReservationRequest { OrderId = orderId }).FailsAsync();
        var release = await _inventory.Client.ReleaseReservationAsync(new ReservationRequest { OrderId = orderId }).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            foreach (var error in new[] { commit, release })
            {
                Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
                Assert.That(error.Detail<BadRequest>().FieldViolations.Single().Field, Is.EqualTo("order_id"));
            }
        }
    }

    [Test]
    public async Task Getting_stock_of_a_malformed_sku_fails_with_invalid_argument()
    {
        var error = await _inventory.Client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0001", "no such thing" } }).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Detail<BadRequest>().FieldViolations.Single().Field, Is.EqualTo("skus[1]"));
        }
    }

    [TestCase("SKU-0001", -1, "on_hand")]
    [TestCase("x", 10, "sku")]
    public async Task Setting_stock_with_an_invalid_request_fails_with_invalid_argument(string sku, int onHand, string field)
    {
        var error = await _inventory.Client.SetStockAsync(new SetStockRequest { Sku = sku, OnHand = onHand }).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Detail<BadRequest>().FieldViolations.Single().Field, Is.EqualTo(field));
            Assert.That((await _inventory.Client.GetStockLevelAsync("SKU-0001")).OnHand, Is.EqualTo(1000));
        }
    }
}
