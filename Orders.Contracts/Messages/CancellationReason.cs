namespace Orders.Contracts;

/// <summary>Why an order was cancelled; a cancelled order always carries one.</summary>
public static class CancellationReason
{
    public const string PaymentDeclined = "payment_declined";
    public const string PaymentTimeout = "payment_timeout";
    public const string ShipmentFailed = "shipment_failed";
    public const string CancelledByCustomer = "cancelled_by_customer";
}
