namespace Orders.Messaging.Outbox;

/// <summary>
/// Told of every outbox row as it is handed to the broker and again once the broker has confirmed it, with the
/// envelope as it was stored (message types, body, headers, addresses). Delivery sends the stored envelope as it is,
/// so MassTransit's own send and publish observers never see the message's type; this is where tools such as a test
/// harness learn what the outbox delivers. Register any number as <c>IOutboxDeliveryObserver</c> singletons. They run
/// on the delivery path: keep them quick. A row whose send fails is handed over again later (at least once).
/// </summary>
public interface IOutboxDeliveryObserver
{
    /// <summary>The row is about to be sent; MassTransit's send observers see it next, as a stand-in type.</summary>
    void PreDeliver(OutboxMessage message);

    /// <summary>The broker has confirmed the row.</summary>
    void PostDeliver(OutboxMessage message);
}
