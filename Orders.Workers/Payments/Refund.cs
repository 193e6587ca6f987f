namespace Orders.Workers.Payments;

/// <summary>The one refund of an order's payment.</summary>
public sealed class Refund
{
    public Guid OrderId { get; init; }

    public string RefundId { get; init; } = string.Empty;

    public string PaymentId { get; init; } = string.Empty;

    public decimal Amount { get; init; }

    public string Currency { get; init; } = string.Empty;

    public DateTime RefundedAt { get; init; }
}
