namespace Orders.Contracts;

public sealed record RefundPayment(Guid OrderId);
