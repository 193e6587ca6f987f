using MassTransit;
using Orders.Contracts;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>Answers the saga's <see cref="ProcessPayment"/> in the harness world as the simulated gateway would, by token.</summary>
public sealed class PaymentsStandIn : IConsumer<ProcessPayment>
{
    public Task Consume(ConsumeContext<ProcessPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        return command.PaymentToken switch
        {
            PaymentToken.NeverAnswers => Task.CompletedTask,
            PaymentToken.Declined => context.Publish(new PaymentFailed(command.OrderId, "card_declined")),
            _ => context.Publish(new PaymentCompleted(command.OrderId, $"pay_{command.OrderId:N}", command.Amount, command.Currency)),
        };
    }
}
