using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Contracts;

namespace Orders.Workers.Payments;

/// <summary>
/// Settles a payment whose charge went unanswered: asks the gateway, by the order's idempotency key, what became of it,
/// stores the outcome and announces it as the charge's answer would have been. The saga takes a late capture as a
/// normal payment while the order still waits for one, and refunds it once the order is cancelled. While the gateway
/// knows of no charge, it asks again, each time waiting twice as long.
/// </summary>
public sealed class ReconcilePaymentConsumer(
    PaymentsDbContext db,
    IPaymentGateway gateway,
    IOptions<PaymentsOptions> options,
    ILogger<ReconcilePaymentConsumer> logger) : IConsumer<ReconcilePayment>
{
    public async Task Consume(ConsumeContext<ReconcilePayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (orderId, attempt) = context.Message;

        // The charging lock: a reconciliation and a repeated ProcessPayment of the order never interleave.
        await db.LockOrderAsync(OrderLock.Payment, orderId, context.CancellationToken);
        var payment = await db.Payments.FindAsync([orderId], context.CancellationToken);
        if (payment is not { Status: PaymentStatus.Pending })
        {
            logger.LogInformation("Payment of order {OrderId} is settled already ({Status}); nothing to reconcile", orderId, payment?.Status);
            return;
        }

        var outcome = await gateway.FindChargeAsync(orderId, context.CancellationToken);
        switch (outcome)
        {
            case { Approved: true }:
                payment.Status = PaymentStatus.Approved;
                payment.PaymentId = outcome.PaymentId;
                await context.Publish(new PaymentCompleted(orderId, outcome.PaymentId!, payment.Amount, payment.Currency), context.CancellationToken);
                logger.LogWarning("Payment of order {OrderId} reconciled: the gateway captured {PaymentId} after its answer was lost", orderId, outcome.PaymentId);
                break;
            case { Approved: false }:
                payment.Status = PaymentStatus.Declined;
                payment.DeclineReason = outcome.DeclineReason;
                await context.Publish(new PaymentFailed(orderId, outcome.DeclineReason!), context.CancellationToken);
                logger.LogInformation("Payment of order {OrderId} reconciled: the gateway declined it ({Reason})", orderId, outcome.DeclineReason);
                break;
            case null when attempt < options.Value.ReconcileAttempts:
                await context.ScheduleSend(
                    context.ReceiveContext.InputAddress, options.Value.ReconcileDelay(attempt + 1), new ReconcilePayment(orderId, attempt + 1), context.CancellationToken);
                break;
            case null:
                logger.LogError(
                    "Payment of order {OrderId} is still unknown to the gateway after {Attempts} attempts; it stays pending for an operator",
                    orderId, attempt);
                break;
        }
    }
}
