namespace Orders.Tests.Faults;

/// <summary>
/// A path an order takes, chosen by its request, with the effects it must leave exactly once (or never).
/// <see cref="FinalStatus"/> null: either final status, with the effects of that status; <see cref="Charges"/> null: a
/// charge that may have happened (a cancellation raced with the payment), then refunded.
/// </summary>
public sealed record OrderPath(string Name, string PaymentToken, string Country, string? FinalStatus, int? Charges, int Refunds, int Shipments)
{
    public static readonly OrderPath Completes = new("completes", "tok_visa", "GB", "Completed", Charges: 1, Refunds: 0, Shipments: 1);

    /// <summary>Two failed calls to the gateway, then one charge.</summary>
    public static readonly OrderPath Flaky = new("flaky payment", "tok_flaky", "GB", "Completed", Charges: 1, Refunds: 0, Shipments: 1);

    public static readonly OrderPath Declined = new("declined", "tok_declined", "GB", "Cancelled", Charges: 0, Refunds: 0, Shipments: 0);

    /// <summary>Charged, then refunded when the carrier refuses the address.</summary>
    public static readonly OrderPath Undeliverable = new("undeliverable", "tok_visa", "ZZ", "Cancelled", Charges: 1, Refunds: 1, Shipments: 0);

    /// <summary>Cancelled by the customer while its payment may be on its way: a charge that came is refunded.</summary>
    public static readonly OrderPath CancelledByCustomer = new("cancelled by the customer", "tok_visa", "GB", "Cancelled", Charges: null, Refunds: 0, Shipments: 0);

    /// <summary>A cancellation whose answer did not come in time: cancelled (and refunded if charged) or completed.</summary>
    public static readonly OrderPath CancellationUnanswered = new("cancellation unanswered", "tok_visa", "GB", FinalStatus: null, Charges: null, Refunds: 0, Shipments: 0);

    /// <summary>Every path a request chooses, in turn: a stream of orders exercises all of them.</summary>
    public static readonly IReadOnlyList<OrderPath> Mix = [Completes, Flaky, Declined, Completes, Undeliverable];

    /// <summary>Whether an order that ended in <paramref name="status"/> with these effects followed this path.</summary>
    public bool Accepts(string status, int charges, int refunds, int shipments) => (FinalStatus ?? status, status) switch
    {
        (var expected, _) when expected != status => false,
        ("Completed", _) when Charges is null => (charges, refunds, shipments) == (1, 0, 1),
        (_, _) when Charges is null => charges <= 1 && refunds == charges && shipments == Shipments,
        _ => (charges, refunds, shipments) == (Charges, Refunds, Shipments),
    };
}
