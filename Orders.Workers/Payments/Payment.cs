namespace Orders.Workers.Payments;

/// <summary>The one payment of an order: what the gateway answered, kept so that a repeated request is answered from it.</summary>
public sealed class Payment
{
    public Guid OrderId { get; init; }

    public PaymentStatus Status { get; init; }

    /// <summary>The gateway's reference of an approved charge.</summary>
    public string? PaymentId { get; init; }

    public string? DeclineReason { get; init; }

    public decimal Amount { get; init; }

    public string Currency { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }
}
