namespace Orders.Workers.Tests.Scenarios;

/// <summary>
/// Orders told the way the saga table reads: <c>await Order.Placed(with: PaymentToken.Declined)</c>, then
/// <c>.Should().EndAs(Cancelled, PaymentDeclined)</c>. Each step waits until the world is quiet, never a fixed time.
/// </summary>
public sealed class OrderScenario(IOrderWorld world)
{
    public async Task<PlacedOrder> Placed(string with = PaymentToken.Approved)
    {
        var orderId = Guid.NewGuid();
        await world.SubmitAsync(orderId, with);
        await world.System.UntilQuiet();
        return new PlacedOrder(world, orderId);
    }
}
