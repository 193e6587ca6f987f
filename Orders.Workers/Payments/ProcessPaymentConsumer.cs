using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Contracts;

namespace Orders.Workers.Payments;

/// <summary>
/// Charges an order once. The payment row (unique per order) is written in the same transaction as the published
/// answer, so a repeated request is answered from it and never reaches the gateway again.
/// </summary>
public sealed class ProcessPaymentConsumer(
    PaymentsDbContext db,
    IPaymentGateway gateway,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<ProcessPaymentConsumer> logger) : IConsumer<ProcessPayment>
{
    public async Task Consume(ConsumeContext<ProcessPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        await db.LockOrderAsync(OrderLock.Payment, command.OrderId, context.CancellationToken);
        var payment = await db.Payments.FindAsync([command.OrderId], context.CancellationToken);
        if (payment is not null)
        {
            logger.LogInformation("Order {OrderId} was already charged ({Status}); answering from the stored payment", command.OrderId, payment.Status);
        }
        else
        {
            payment = await ChargeAsync(command, context.CancellationToken);
            db.Payments.Add(payment);
            if (payment.Status == PaymentStatus.Pending)
            {
                // Committed with the pending row: however the process ends, the gateway is asked again later.
                await context.ScheduleSend(
                    context.ReceiveContext.InputAddress, options.Value.ReconcileDelay(1), new ReconcilePayment(payment.OrderId, 1), context.CancellationToken);
            }
        }

        switch (payment.Status)
        {
            case PaymentStatus.Approved:
                await context.Publish(new PaymentCompleted(payment.OrderId, payment.PaymentId!, payment.Amount, payment.Currency), context.CancellationToken);
                break;
            case PaymentStatus.Declined:
                await context.Publish(new PaymentFailed(payment.OrderId, payment.DeclineReason!), context.CancellationToken);
                break;
            default:
                // Unknown outcome: announcing either answer could be wrong. ReconcilePaymentConsumer asks the gateway
                // later and announces what it learns; if the saga's payment timeout has cancelled the order by then, a
                // charge that went through is refunded when its PaymentCompleted arrives.
                logger.LogWarning("Payment of order {OrderId} is pending: the gateway did not answer in time", payment.OrderId);
                break;
        }
    }

    private async Task<Payment> ChargeAsync(ProcessPayment command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.GatewayTimeout);
        ChargeResult? result;
        try
        {
            // A PaymentGatewayUnavailableException propagates: nothing was charged, and the endpoint's retry policy tries again.
            result = await gateway.ChargeAsync(new ChargeRequest(command.OrderId, command.Amount, command.Currency, command.PaymentToken), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = null;
        }

        var status = result switch
        {
            null => PaymentStatus.Pending,
            { Approved: true } => PaymentStatus.Approved,
            _ => PaymentStatus.Declined,
        };
        logger.LogInformation("Charged order {OrderId} {Amount} {Currency}: {Status}", command.OrderId, command.Amount, command.Currency, status);
        return new Payment
        {
            OrderId = command.OrderId,
            Status = status,
            PaymentId = result?.PaymentId,
            DeclineReason = result?.DeclineReason,
            Amount = command.Amount,
            Currency = command.Currency,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
    }
}
