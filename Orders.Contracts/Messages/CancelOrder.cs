namespace Orders.Contracts;

/// <summary>A request to the saga; answered with <see cref="OrderCancellationAccepted"/> or <see cref="OrderCancellationRejected"/>.</summary>
public sealed record CancelOrder(Guid OrderId);
