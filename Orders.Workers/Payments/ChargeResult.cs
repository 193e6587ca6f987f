namespace Orders.Workers.Payments;

/// <summary>The gateway's answer: approved with its payment id, or declined with a reason.</summary>
public sealed record ChargeResult(bool Approved, string? PaymentId, string? DeclineReason)
{
    public static ChargeResult Approve(string paymentId) => new(true, paymentId, null);

    public static ChargeResult Decline(string reason) => new(false, null, reason);
}
