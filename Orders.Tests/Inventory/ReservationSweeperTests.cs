using System.Diagnostics.Metrics;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orders.Contracts.Inventory;
using Orders.Inventory;
using Orders.Inventory.Reservations;
using static Orders.Tests.Inventory.InventoryRequests;

namespace Orders.Tests.Inventory;

/// <summary>Drives single sweeper passes directly; the background pass is parked far in the future so it cannot race them.</summary>
public sealed class ReservationSweeperTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private InventoryHost _inventory = null!;

    [OneTimeSetUp]
    public async Task StartInventory() =>
        _inventory = await InventoryHost.StartAsync(
            nameof(ReservationSweeperTests),
            _clock,
            new Dictionary<string, string?> { ["Inventory:ReservationTtl"] = Ttl.ToString(), ["Inventory:SweepInterval"] = "365.00:00:00" });

    [OneTimeTearDown]
    public async Task StopInventory() => await _inventory.DisposeAsync();

    [Test]
    public async Task A_pass_releases_a_reservation_past_its_ttl_and_keeps_one_still_valid()
    {
        var client = _inventory.Client;
        var sweeper = _inventory.Services.GetRequiredService<ReservationSweeper>();
        using var expiredCount = new ExpiredReservationCounter(_inventory.Services.GetRequiredService<IMeterFactory>());
        var expiring = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(expiring, ("SKU-0001", 2)));
        _clock.Advance(Ttl - TimeSpan.FromHours(1));
        var valid = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(valid, ("SKU-0002", 3)));
        _clock.Advance(TimeSpan.FromHours(2));

        var released = await sweeper.SweepOnceAsync(CancellationToken.None);

        var error = await client.CommitReservationAsync(Order(expiring)).FailsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(released, Is.EqualTo(1));
            Assert.That(expiredCount.Total, Is.EqualTo(1));
            Assert.That((await client.GetStockLevelAsync("SKU-0001")).Reserved, Is.Zero);
            Assert.That((await client.GetStockLevelAsync("SKU-0002")).Reserved, Is.EqualTo(3));
            Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Detail<ErrorInfo>().Reason, Is.EqualTo(InventoryErrorReasons.ReservationReleased));
            Assert.That((await client.ReserveStockAsync(Reserve(expiring, ("SKU-0001", 2)))).Status, Is.EqualTo(ReservationStatus.Released));
            Assert.That((await client.CommitReservationAsync(Order(valid))).Status, Is.EqualTo(ReservationStatus.Committed));
        }
    }

    [Test]
    public async Task A_pass_leaves_committed_and_released_reservations_alone()
    {
        var client = _inventory.Client;
        var sweeper = _inventory.Services.GetRequiredService<ReservationSweeper>();
        var committed = Guid.NewGuid();
        var released = Guid.NewGuid();
        await client.ReserveStockAsync(Reserve(committed, ("SKU-0003", 4)));
        await client.ReserveStockAsync(Reserve(released, ("SKU-0003", 5)));
        await client.CommitReservationAsync(Order(committed));
        await client.ReleaseReservationAsync(Order(released));
        _clock.Advance(Ttl + TimeSpan.FromHours(1));

        var swept = await sweeper.SweepOnceAsync(CancellationToken.None);

        var stock = await client.GetStockLevelAsync("SKU-0003");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(swept, Is.Zero);
            Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((996, 0)));
        }
    }

    [Test]
    public async Task A_pass_releases_more_expired_reservations_than_fit_in_one_batch()
    {
        var client = _inventory.Client;
        var sweeper = _inventory.Services.GetRequiredService<ReservationSweeper>();
        await Task.WhenAll(Enumerable.Range(0, 250).Select(async _ =>
            await client.ReserveStockAsync(Reserve(Guid.NewGuid(), ("SKU-0004", 1), ("SKU-0005", 2)))));
        _clock.Advance(Ttl + TimeSpan.FromHours(1));

        var swept = await sweeper.SweepOnceAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(swept, Is.EqualTo(250));
            Assert.That((await client.GetStockLevelAsync("SKU-0004")).Reserved, Is.Zero);
            Assert.That((await client.GetStockLevelAsync("SKU-0005")).Reserved, Is.Zero);
        }
    }

    [Test]
    public async Task A_pass_racing_commits_of_the_same_reservations_lets_exactly_one_of_them_apply_to_each()
    {
        var client = _inventory.Client;
        var sweeper = _inventory.Services.GetRequiredService<ReservationSweeper>();
        var orders = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        foreach (var orderId in orders)
        {
            await client.ReserveStockAsync(Reserve(orderId, ("SKU-0006", 1), ("SKU-0007", 1)));
        }

        _clock.Advance(Ttl + TimeSpan.FromHours(1));

        var sweep = sweeper.SweepOnceAsync(CancellationToken.None);
        var commits = await Task.WhenAll(orders.Select(async orderId =>
        {
            try
            {
                return (await client.CommitReservationAsync(Order(orderId))).Status;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
            {
                return ReservationStatus.Released;
            }
        }));
        var swept = await sweep;

        var committed = commits.Count(status => status == ReservationStatus.Committed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(committed + swept, Is.EqualTo(orders.Count));
            foreach (var sku in (string[])["SKU-0006", "SKU-0007"])
            {
                var stock = await client.GetStockLevelAsync(sku);
                Assert.That((stock.OnHand, stock.Reserved), Is.EqualTo((1000 - committed, 0)), sku);
            }
        }
    }

    /// <summary>Sums <c>inventory.reservations.expired</c> of one host's meter (other hosts' meters are ignored).</summary>
    private sealed class ExpiredReservationCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public ExpiredReservationCounter(IMeterFactory hostMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InventoryMetrics.MeterName && instrument.Meter.Scope == hostMeters
                    && instrument.Name == "inventory.reservations.expired")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
