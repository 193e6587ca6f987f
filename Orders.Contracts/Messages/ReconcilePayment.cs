namespace Orders.Contracts;

/// <summary>
/// The payments endpoint's reminder to itself: ask the gateway again what became of an order's pending charge.
/// <paramref name="Attempt"/> counts from 1 and sets the wait before the next one.
/// </summary>
public sealed record ReconcilePayment(Guid OrderId, int Attempt);
