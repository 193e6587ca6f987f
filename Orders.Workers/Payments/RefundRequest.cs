namespace Orders.Workers.Payments;

public sealed record RefundRequest(Guid OrderId, string PaymentId, decimal Amount, string Currency);
