namespace Orders.Contracts;

/// <summary>
/// The queues commands are sent to (events are published and need no address). One place, so that senders and the
/// receive endpoints that own these queues cannot drift apart.
/// </summary>
public static class Endpoints
{
    public const string OrderSaga = "order-saga";
    public const string Payments = "payments";
    public const string Shipping = "shipping";
    public const string Stock = "stock";

    public static Uri Queue(string name) => new($"queue:{name}");
}
