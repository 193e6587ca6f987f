using MassTransit;

namespace Orders.Messaging;

/// <summary>Refuses a consumed message that breaks its <see cref="MessageContract"/> before any consumer or saga sees it.</summary>
public sealed class MessageContractFilter<TMessage> : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var violations = MessageContract.Violations(context.Message);
        return violations.Count > 0 ? throw new InvalidMessageException(typeof(TMessage), violations) : next.Send(context);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("message-contract");
}
