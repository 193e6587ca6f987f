namespace Orders.Workers.Payments;

/// <summary>
/// The payment service provider. Requests carry the order id as their idempotency key, so a request repeated after a
/// crash (charged, but not yet recorded here) returns the first outcome instead of moving money again.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Charges the token; throws <see cref="PaymentGatewayUnavailableException"/> when it may be retried.</summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The outcome of the charge made under the order's idempotency key, or null when the gateway has none: how a
    /// charge whose answer never arrived is reconciled.
    /// </summary>
    Task<ChargeResult?> FindChargeAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Refunds an approved charge in full.</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}
