namespace Orders.Api.Orders;

public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>How long POST /orders/{id}/cancel waits for the saga's answer before it answers 503.</summary>
    public TimeSpan CancelTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
