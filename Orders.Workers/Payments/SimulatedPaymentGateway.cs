using System.Collections.Concurrent;

namespace Orders.Workers.Payments;

/// <summary>
/// A payment gateway inside the process whose behaviour is chosen by the payment token, so that tests and demos can
/// drive every path: <c>tok_declined</c> and <c>tok_insufficient_funds</c> decline; <c>tok_flaky</c> fails transiently on
/// the first two attempts for an order, then approves; <c>tok_timeout</c> never answers; any other token approves.
/// Like a real provider it honours the idempotency key (the order id) and keeps its own ledger.
/// </summary>
public sealed class SimulatedPaymentGateway(ILogger<SimulatedPaymentGateway> logger) : IPaymentGateway
{
    public const string Visa = "tok_visa";
    public const string Declined = "tok_declined";
    public const string InsufficientFunds = "tok_insufficient_funds";
    public const string Flaky = "tok_flaky";
    public const string Timeout = "tok_timeout";

    private const int FlakyFailures = 2;

    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentDictionary<Guid, ChargeResult> _charges = new();
    private readonly ConcurrentDictionary<Guid, RefundResult> _refunds = new();
    private readonly ConcurrentDictionary<Guid, int> _moneyMoved = new();
    private readonly ConcurrentDictionary<Guid, int> _refundAttempts = new();

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attempt = _attempts.AddOrUpdate(request.OrderId, 1, (_, count) => count + 1);
        if (_charges.TryGetValue(request.OrderId, out var earlier))
        {
            return earlier;
        }

        switch (request.PaymentToken)
        {
            case Timeout:
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
                break;
            case Flaky when attempt <= FlakyFailures:
                logger.LogInformation("Simulated gateway: attempt {Attempt} for order {OrderId} fails transiently", attempt, request.OrderId);
                throw new PaymentGatewayUnavailableException($"Simulated transient failure (attempt {attempt} of order {request.OrderId}).");
        }

        var result = request.PaymentToken switch
        {
            Declined => ChargeResult.Decline("card_declined"),
            InsufficientFunds => ChargeResult.Decline("insufficient_funds"),
            _ => ChargeResult.Approve($"pay_{Guid.NewGuid():N}"),
        };
        var recorded = _charges.GetOrAdd(request.OrderId, result);
        if (ReferenceEquals(recorded, result) && result.Approved)
        {
            _moneyMoved.AddOrUpdate(request.OrderId, 1, (_, count) => count + 1);
        }

        return recorded;
    }

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _refundAttempts.AddOrUpdate(request.OrderId, 1, (_, count) => count + 1);

        // The ledger lives in this process only, so a charge made before a restart is taken on trust.
        return Task.FromResult(_refunds.GetOrAdd(request.OrderId, _ => new RefundResult($"re_{Guid.NewGuid():N}")));
    }

    /// <summary>How many charge requests reached the gateway for the order.</summary>
    public int AttemptsFor(Guid orderId) => _attempts.GetValueOrDefault(orderId);

    /// <summary>How many times money was taken for the order (never more than once).</summary>
    public int ChargesFor(Guid orderId) => _moneyMoved.GetValueOrDefault(orderId);

    /// <summary>How many refund requests reached the gateway for the order.</summary>
    public int RefundAttemptsFor(Guid orderId) => _refundAttempts.GetValueOrDefault(orderId);

    public bool WasRefunded(Guid orderId) => _refunds.ContainsKey(orderId);
}
