using Orders.Cli.Rest;
using Orders.Contracts;

namespace Orders.Cli.Demo;

/// <summary>
/// One way through the system, chosen by what the simulated outside world is asked to do, with the timeline it must
/// show and the reason it must end with. Each path orders its own SKU, so its stock movements are its own.
/// </summary>
public sealed record DemoPath(string Name, NewOrder Order, bool CancelAtOnce, IReadOnlyList<string> ExpectedTimeline, string? ExpectedReason)
{
    public static IReadOnlyList<DemoPath> All { get; } =
    [
        new("completed", new NewOrder("SKU-0001", 2, "tok_visa", "GB"), CancelAtOnce: false,
            [OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed], ExpectedReason: null),
        new("payment declined", new NewOrder("SKU-0002", 1, "tok_declined", "GB"), CancelAtOnce: false,
            [OrderStatus.Submitted, OrderStatus.Cancelled], CancellationReason.PaymentDeclined),
        // Paid, then the carrier refuses: the saga refunds the payment before it cancels.
        new("undeliverable", new NewOrder("SKU-0003", 1, "tok_visa", "ZZ"), CancelAtOnce: false,
            [OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Cancelled], CancellationReason.ShipmentFailed),
        // The gateway fails twice and the payments consumer retries: one charge, the order completes.
        new("flaky payment", new NewOrder("SKU-0004", 1, "tok_flaky", "GB"), CancelAtOnce: false,
            [OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed], ExpectedReason: null),
        // The payment never answers, so the order is still cancellable when the customer asks at once.
        new("cancelled by customer", new NewOrder("SKU-0005", 1, "tok_timeout", "GB"), CancelAtOnce: true,
            [OrderStatus.Submitted, OrderStatus.Cancelled], CancellationReason.CancelledByCustomer),
    ];

    public string ExpectedStatus => ExpectedTimeline[^1];

    /// <summary>What the order asks of the outside world, as the summary shows it.</summary>
    public string Asks => $"{Order.PaymentToken}, {Order.Country}" + (CancelAtOnce ? ", then cancel" : string.Empty);

    public bool IsReachedBy(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status == ExpectedStatus && order.CancellationReason == ExpectedReason;
    }
}
