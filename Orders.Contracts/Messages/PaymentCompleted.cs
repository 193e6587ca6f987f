namespace Orders.Contracts;

public sealed record PaymentCompleted(Guid OrderId, string PaymentId, decimal Amount, string Currency);
