namespace Orders.Api.Ops;

/// <summary>
/// The read-only views the operations console reads of other services' schemas (made by their migrations; the Api's
/// role is granted SELECT on each and nothing else there). No view shows a payment token, an address or a message body.
/// </summary>
public static class OpsViews
{
    /// <summary>Each order's saga state, scheduled-timeout token and timeline.</summary>
    public const string OrderStates = "workflow.ops_order_states";

    /// <summary>Each order's payment and refund.</summary>
    public const string Payments = "payments.ops_payments";

    /// <summary>Each order's shipment.</summary>
    public const string Shipments = "shipping.ops_shipments";

    /// <summary>Each order's stock reservation with its lines.</summary>
    public const string Reservations = "inventory.ops_reservations";

    /// <summary>The name of each service schema's view of its outbox (type, destination, times; no body or headers).</summary>
    public const string Outbox = "ops_outbox";

    /// <summary>The schemas whose outboxes the console watches, by the service that owns them.</summary>
    public static readonly IReadOnlyList<(string Service, string Schema)> Outboxes =
    [
        ("api", "ordering"),
        ("workers (saga)", "workflow"),
        ("workers (payments)", "payments"),
        ("workers (shipping)", "shipping"),
    ];

    /// <summary>Every view above as (schema, name), for the grants.</summary>
    public static IEnumerable<(string Schema, string View)> Granted() =>
        new[] { OrderStates, Payments, Shipments, Reservations }
            .Select(qualified => (qualified.Split('.')[0], qualified.Split('.')[1]))
            .Concat(Outboxes.Where(outbox => outbox.Schema != "ordering").Select(outbox => (outbox.Schema, Outbox)));
}
