namespace Orders.Api.Orders;

/// <summary>One page of a customer's orders, newest first; <c>Next</c> is the <c>after</c> of the following page, null on the last.</summary>
public sealed record OrderPage(IReadOnlyList<OrderBody> Items, string? Next);
