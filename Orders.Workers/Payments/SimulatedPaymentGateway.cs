using System.Collections.Concurrent;

namespace Orders.Workers.Payments;

/// <summary>
/// A payment gateway inside the process whose behaviour is chosen by the payment token, so that tests and demos can
/// drive every path: <c>tok_declined</c> and <c>tok_insufficient_funds</c> decline; <c>tok_flaky</c> fails transiently on
/// the first two attempts for an order, then approves; <c>tok_timeout</c> never answers and never charges;
/// <c>tok_late</c> charges but never answers in time, as a gateway that captures after its caller gave up; any other
/// token approves. Like a real provider it honours the idempotency key (the order id) and keeps its own books, the
/// <see cref="GatewayLedger"/>, which a later <see cref="FindChargeAsync"/> reads.
/// </summary>
public sealed class SimulatedPaymentGateway(GatewayLedger ledger, ILogger<SimulatedPaymentGateway> logger) : IPaymentGateway
{
    public const string Visa = "tok_visa";
    public const string Declined = "tok_declined";
    public const string InsufficientFunds = "tok_insufficient_funds";
    public const string Flaky = "tok_flaky";
    public const string Timeout = "tok_timeout";
    public const string Late = "tok_late";

    private const int FlakyFailures = 2;

    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentDictionary<Guid, int> _refundAttempts = new();

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attempt = _attempts.AddOrUpdate(request.OrderId, 1, (_, count) => count + 1);
        switch (request.PaymentToken)
        {
            case Timeout:
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
                break;
            case Flaky when attempt <= FlakyFailures:
                logger.LogInformation("Simulated gateway: attempt {Attempt} for order {OrderId} fails transiently", attempt, request.OrderId);
                throw new PaymentGatewayUnavailableException($"Simulated transient failure (attempt {attempt} of order {request.OrderId}).");
        }

        var outcome = request.PaymentToken switch
        {
            Declined => new LedgerEntry(GatewayLedger.Decline, "card_declined", request.Amount, request.Currency),
            InsufficientFunds => new LedgerEntry(GatewayLedger.Decline, "insufficient_funds", request.Amount, request.Currency),
            _ => new LedgerEntry(GatewayLedger.Charge, $"pay_{Guid.NewGuid():N}", request.Amount, request.Currency),
        };

        // The money moves even if the caller has given up by now: the books do not take the caller's cancellation.
        var recorded = await ledger.ChargeOnceAsync(request.OrderId, outcome, CancellationToken.None);
        if (request.PaymentToken == Late)
        {
            logger.LogInformation("Simulated gateway: charged order {OrderId}, answering only after the caller's deadline", request.OrderId);
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return Answer(recorded);
    }

    public async Task<ChargeResult?> FindChargeAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var recorded = await ledger.FindChargeAsync(orderId, cancellationToken);
        return recorded is null ? null : Answer(recorded);
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _refundAttempts.AddOrUpdate(request.OrderId, 1, (_, count) => count + 1);
        var refund = await ledger.RefundOnceAsync(
            request.OrderId, new LedgerEntry(GatewayLedger.Refund, $"re_{Guid.NewGuid():N}", request.Amount, request.Currency), cancellationToken);
        return new RefundResult(refund.Reference);
    }

    /// <summary>How many charge requests reached the gateway for the order.</summary>
    public int AttemptsFor(Guid orderId) => _attempts.GetValueOrDefault(orderId);

    /// <summary>How many refund requests reached the gateway for the order.</summary>
    public int RefundAttemptsFor(Guid orderId) => _refundAttempts.GetValueOrDefault(orderId);

    private static ChargeResult Answer(LedgerEntry recorded) => recorded.Kind == GatewayLedger.Charge
        ? ChargeResult.Approve(recorded.Reference)
        : ChargeResult.Decline(recorded.Reference);
}
