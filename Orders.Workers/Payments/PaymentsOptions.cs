namespace Orders.Workers.Payments;

/// <summary>Settings of the payments consumers (section <c>Payments</c>).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>How long a charge may take; after it the payment is left pending and reconciled later.</summary>
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before a pending payment is first reconciled; each further attempt waits twice as long.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times the gateway is asked about a pending charge before it is left to an operator.</summary>
    public int ReconcileAttempts { get; set; } = 12;

    /// <summary>The wait before reconciliation attempt <paramref name="attempt"/> (1, 2, …): doubling, at most a day.</summary>
    public TimeSpan ReconcileDelay(int attempt)
    {
        var doubled = ReconcileAfter.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(doubled, LongestReconcileDelay.TotalMilliseconds));
    }

    private static readonly TimeSpan LongestReconcileDelay = TimeSpan.FromDays(1);
}
