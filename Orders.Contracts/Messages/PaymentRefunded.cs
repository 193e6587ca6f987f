namespace Orders.Contracts;

public sealed record PaymentRefunded(Guid OrderId, string PaymentId, decimal Amount, string Currency);
