using Orders.Contracts;

namespace Orders.Workers.Tests.Saga;

/// <summary>Messages of one made-up order, so that each test says only what differs.</summary>
public static class TestOrders
{
    public static OrderSubmitted Submitted(Guid orderId, string paymentToken = "tok_visa", string country = "GB") =>
        new(
            orderId,
            "customer-1",
            [new OrderLine("SKU-0001", 2, 19.90m)],
            39.80m,
            "EUR",
            paymentToken,
            new ShippingAddress("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", country),
            DateTime.UtcNow);

    public static PaymentCompleted Paid(Guid orderId, string paymentId = "pay_1") => new(orderId, paymentId, 39.80m, "EUR");
}
