namespace Orders.Workers.Payments;

/// <summary>Settings of the payments consumers (section <c>Payments</c>).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>How long a charge may take; after it the payment is left pending and the saga's timeout decides.</summary>
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
