namespace Orders.Tests.Faults;

/// <summary>A path an order takes, chosen by its request, with the effects it must leave exactly once (or never).</summary>
public sealed record OrderPath(string Name, string PaymentToken, string Country, string FinalStatus, int Charges, int Refunds, int Shipments)
{
    public static readonly OrderPath Completes = new("completes", "tok_visa", "GB", "Completed", Charges: 1, Refunds: 0, Shipments: 1);

    /// <summary>Two failed calls to the gateway, then one charge.</summary>
    public static readonly OrderPath Flaky = new("flaky payment", "tok_flaky", "GB", "Completed", Charges: 1, Refunds: 0, Shipments: 1);

    public static readonly OrderPath Declined = new("declined", "tok_declined", "GB", "Cancelled", Charges: 0, Refunds: 0, Shipments: 0);

    /// <summary>Charged, then refunded when the carrier refuses the address.</summary>
    public static readonly OrderPath Undeliverable = new("undeliverable", "tok_visa", "ZZ", "Cancelled", Charges: 1, Refunds: 1, Shipments: 0);

    /// <summary>Every path in turn: a stream of orders exercises all of them.</summary>
    public static readonly IReadOnlyList<OrderPath> Mix = [Completes, Flaky, Declined, Completes, Undeliverable];
}
