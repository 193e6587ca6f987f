using System.Collections.Concurrent;
using Orders.Contracts;

namespace Orders.Workers.Shipping;

/// <summary>
/// A carrier inside the process: the country <c>ZZ</c> is undeliverable, every other country ships with a tracking
/// number. It keeps its own ledger by idempotency key (the order id), as a real carrier's booking API does.
/// </summary>
public sealed class SimulatedCarrier : ICarrier
{
    public const string UndeliverableCountry = "ZZ";

    private readonly ConcurrentDictionary<Guid, ShipmentResult> _bookings = new();
    private readonly ConcurrentDictionary<Guid, int> _requests = new();

    public Task<ShipmentResult> ShipAsync(Guid orderId, ShippingAddress address, IReadOnlyList<OrderLine> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        _requests.AddOrUpdate(orderId, 1, (_, count) => count + 1);
        return Task.FromResult(_bookings.GetOrAdd(orderId, id =>
            string.Equals(address.Country, UndeliverableCountry, StringComparison.OrdinalIgnoreCase)
                ? ShipmentResult.Undeliverable($"undeliverable: no service to country {UndeliverableCountry}")
                : ShipmentResult.Shipped($"TRK{address.Country.ToUpperInvariant()}{id:N}")));
    }

    /// <summary>How many booking requests reached the carrier for the order.</summary>
    public int RequestsFor(Guid orderId) => _requests.GetValueOrDefault(orderId);
}
