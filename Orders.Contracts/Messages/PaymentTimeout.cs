namespace Orders.Contracts;

/// <summary>Scheduled by the saga when an order is submitted; unscheduled when payment completes.</summary>
public sealed record PaymentTimeout(Guid OrderId);
