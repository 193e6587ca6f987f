using Google.Rpc;
using Grpc.Core;
using Orders.Contracts.Inventory;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

public sealed class StockTests
{
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(StockTests));

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task A_fresh_database_holds_the_demo_catalogue_of_24_skus_with_1000_on_hand()
    {
        var reply = await _inventory.Client.GetStockAsync(new GetStockRequest());

        var expected = Enumerable.Range(1, 24).Select(i => $"SKU-{i:D4}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Items.Select(item => item.Sku), Is.EqualTo(expected));
            Assert.That(reply.Items.Select(item => (item.OnHand, item.Reserved, item.Available)), Has.All.EqualTo((1000, 0, 1000)));
            Assert.That(reply.Items.Select(item => item.Currency), Has.All.EqualTo("EUR"));
            Assert.That(reply.Items.Select(item => item.UnitPrice.ToDecimal()), Has.All.GreaterThan(0m));
            Assert.That(reply.Items.Select(item => item.Name), Has.All.Not.Empty);
            Assert.That(reply.Items.Select(item => item.Name), Is.Unique);
        }
    }

    [Test]
    public async Task Getting_stock_of_chosen_skus_returns_only_them_sorted_by_sku()
    {
        var reply = await _inventory.Client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0023", "SKU-0003", "SKU-0023" } });

        string[] expected = ["SKU-0003", "SKU-0023"];
        Assert.That(reply.Items.Select(item => item.Sku), Is.EqualTo(expected));
    }

    [Test]
    public async Task Getting_stock_of_an_unknown_sku_fails_with_not_found_naming_it()
    {
        var error = await _inventory.Client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0001", "SKU-9999" } }).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Detail<ErrorInfo>().Metadata["skus"], Is.EqualTo("SKU-9999"));
        }
    }

    [Test]
    public async Task Setting_stock_changes_what_is_on_hand_and_available()
    {
        var reply = await _inventory.Client.SetStockAsync(new SetStockRequest { Sku = "SKU-0020", OnHand = 7 });

        var stock = await _inventory.Client.GetStockLevelAsync("SKU-0020");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Items.Single(), Is.EqualTo(stock));
            Assert.That((stock.OnHand, stock.Reserved, stock.Available), Is.EqualTo((7, 0, 7)));
        }
    }

    [Test]
    public async Task Setting_stock_below_what_is_reserved_fails_with_failed_precondition_and_changes_nothing()
    {
        var client = _inventory.Client;
        await client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0021", 10)));

        var error = await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0021", OnHand = 9 }).FailsAsync();
        var unchanged = await client.GetStockLevelAsync("SKU-0021");
        var lowest = await client.SetStockAsync(new SetStockRequest { Sku = "SKU-0021", OnHand = 10 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.OnHandBelowReserved));
            Assert.That(error.Detail<PreconditionFailure>().Violations.Single().Subject, Is.EqualTo("SKU-0021"));
            Assert.That((unchanged.OnHand, unchanged.Reserved), Is.EqualTo((1000, 10)));
            Assert.That((lowest.Items.Single().OnHand, lowest.Items.Single().Available), Is.EqualTo((10, 0)));
        }
    }

    [Test]
    public async Task Setting_stock_of_an_unknown_sku_fails_with_not_found()
    {
        var error = await _inventory.Client.SetStockAsync(new SetStockRequest { Sku = "SKU-9999", OnHand = 1 }).FailsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.UnknownSku));
        }
    }
}
