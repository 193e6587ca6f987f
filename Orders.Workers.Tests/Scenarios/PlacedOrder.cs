namespace Orders.Workers.Tests.Scenarios;

/// <summary>One order of a scenario, after everything it set off has settled.</summary>
public sealed class PlacedOrder(IOrderWorld world, Guid id)
{
    public Guid Id => id;

    /// <summary>Moves the clock past the payment timeout and waits until what fell due has been handled.</summary>
    public async Task<PlacedOrder> AfterPaymentTimeout()
    {
        world.Clock.Advance(world.PaymentTimeout);
        await world.System.UntilQuiet();
        return this;
    }

    public OrderOutcome Should() => new(world, id);
}
