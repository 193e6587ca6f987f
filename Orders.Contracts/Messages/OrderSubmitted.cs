namespace Orders.Contracts;

/// <summary>Published by the API in the transaction that stores the order (stock is already reserved).</summary>
public sealed record OrderSubmitted(
    Guid OrderId,
    string CustomerId,
    IReadOnlyList<OrderLine> Items,
    decimal Total,
    string Currency,
    string PaymentToken,
    ShippingAddress ShippingAddress,
    DateTime SubmittedAt);
