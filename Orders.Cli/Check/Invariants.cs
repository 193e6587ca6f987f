namespace Orders.Cli.Check;

/// <summary>The promises of ARCHITECTURE.md's "Failure semantics" that can be read from the database, in report order.</summary>
public static class Invariants
{
    public static readonly IReadOnlyList<Invariant> All =
    [
        ProgressInvariants.OrdersReachAFinalStatus,
        ProgressInvariants.SagasReachAFinalState,
        StockInvariants.ReservedMatchesReservations,
        StockInvariants.FinalOrdersSettledTheirReservation,
        EffectInvariants.ChargedAtMostOnce,
        EffectInvariants.ChargesAreKeptOrRefunded,
        EffectInvariants.RefundsNeverExceedCharges,
        EffectInvariants.RefundsHaveAPayment,
        EffectInvariants.NoCancelledOrderShipped,
        OutboxInvariants.OutboxesDrain,
    ];
}
