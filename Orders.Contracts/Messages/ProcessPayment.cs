namespace Orders.Contracts;

public sealed record ProcessPayment(Guid OrderId, decimal Amount, string Currency, string PaymentToken);
