namespace Orders.Workers.Payments;

public enum PaymentStatus
{
    Approved,
    Declined,

    /// <summary>The gateway did not answer in time: the outcome is unknown, so nothing is announced.</summary>
    Pending,
}
