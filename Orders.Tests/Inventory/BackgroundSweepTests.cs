using Microsoft.Extensions.Time.Testing;
using Orders.Testing;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

/// <summary>The sweeper as it runs in production: on its own, every SweepInterval of the (fake) clock.</summary>
public sealed class BackgroundSweepTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() => _inventory = await InventoryHost.StartAsync(nameof(BackgroundSweepTests), _clock);

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task The_background_sweeper_releases_an_expired_reservation_on_its_own()
    {
        var client = _inventory.Client;
        await client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0001", 7)));
        Assert.That((await client.GetStockLevelAsync("SKU-0001")).Reserved, Is.EqualTo(7));

        _clock.Advance(TimeSpan.FromHours(24));
        var reserved = await Eventually.Until(
            async () =>
            {
                // One sweep interval per look: whenever the sweeper started waiting, its next pass falls due.
                _clock.Advance(TimeSpan.FromMinutes(1));
                return (await client.GetStockLevelAsync("SKU-0001")).Reserved;
            },
            stillReserved => stillReserved == 0,
            Deadline);

        Assert.That(reserved, Is.Zero, $"the reservation was still held {Deadline} after it expired");
    }
}
