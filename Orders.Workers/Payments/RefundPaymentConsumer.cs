using MassTransit;
using Orders.Contracts;

namespace Orders.Workers.Payments;

/// <summary>
/// Gives an order's money back, at most once: the refund row (unique per order) commits with the published
/// <see cref="PaymentRefunded"/>, and a repeated request is answered from it.
/// </summary>
public sealed class RefundPaymentConsumer(
    PaymentsDbContext db,
    IPaymentGateway gateway,
    TimeProvider clock,
    ILogger<RefundPaymentConsumer> logger) : IConsumer<RefundPayment>
{
    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.Message.OrderId;
        await db.LockOrderAsync(OrderLock.Refund, orderId, context.CancellationToken);
        var refund = await db.Refunds.FindAsync([orderId], context.CancellationToken);
        if (refund is not null)
        {
            logger.LogInformation("Order {OrderId} was already refunded; answering from the stored refund", orderId);
        }
        else
        {
            var payment = await db.Payments.FindAsync([orderId], context.CancellationToken);
            if (payment is not { Status: PaymentStatus.Approved })
            {
                logger.LogInformation("Order {OrderId} has no approved payment ({Status}); nothing to refund", orderId, payment?.Status);
                return;
            }

            var result = await gateway.RefundAsync(new RefundRequest(orderId, payment.PaymentId!, payment.Amount, payment.Currency), context.CancellationToken);
            refund = new Refund
            {
                OrderId = orderId,
                RefundId = result.RefundId,
                PaymentId = payment.PaymentId!,
                Amount = payment.Amount,
                Currency = payment.Currency,
                RefundedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Refunds.Add(refund);
            logger.LogInformation("Refunded payment {PaymentId} of order {OrderId}", refund.PaymentId, orderId);
        }

        await context.Publish(new PaymentRefunded(orderId, refund.PaymentId, refund.Amount, refund.Currency), context.CancellationToken);
    }
}
