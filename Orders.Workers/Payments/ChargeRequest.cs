namespace Orders.Workers.Payments;

public sealed record ChargeRequest(Guid OrderId, decimal Amount, string Currency, string PaymentToken);
