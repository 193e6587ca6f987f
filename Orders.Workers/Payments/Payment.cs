namespace Orders.Workers.Payments;

/// <summary>
/// The one payment of an order: what the gateway answered, kept so that a repeated request is answered from it. A
/// pending one is settled later by reconciliation (<see cref="ReconcilePaymentConsumer"/>).
/// </summary>
public sealed class Payment
{
    public Guid OrderId { get; init; }

    public PaymentStatus Status { get; set; }

    /// <summary>The gateway's reference of an approved charge.</summary>
    public string? PaymentId { get; set; }

    public string? DeclineReason { get; set; }

    public decimal Amount { get; init; }

    public string Currency { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }
}
