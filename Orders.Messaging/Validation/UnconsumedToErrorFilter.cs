using MassTransit;
using MassTransit.Middleware.Rescue;
using MassTransit.Transports;

namespace Orders.Messaging;

/// <summary>
/// The dead-letter pipe of an endpoint: a message of a type nothing on the endpoint consumes is moved to the endpoint's
/// <c>_error</c> queue with fault headers naming its types, where operators look, instead of the <c>_skipped</c> queue.
/// Throwing instead would not do: the transport would requeue the message and redeliver it forever.
/// </summary>
internal sealed class UnconsumedToErrorFilter : IFilter<ReceiveContext>
{
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var types = context.TryGetPayload(out ConsumeContext? consumeContext) ? string.Join(", ", consumeContext.SupportedMessageTypes) : "unknown";
        var exception = new MessageNotConsumedException(
            context.InputAddress, $"Nothing on this endpoint consumes the message's types ({types}); it was not handled.");
        if (!context.TryGetPayload(out IErrorTransport? errorTransport))
        {
            throw exception;
        }

        await errorTransport.Send(new RescueExceptionReceiveContext(context, exception));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("unconsumed-to-error");
}
