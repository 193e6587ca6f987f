namespace Orders.Workers.Payments;

public sealed record RefundResult(string RefundId);
