using MassTransit;

namespace Orders.Messaging;

public static class PoisonMessageExtensions
{
    /// <summary>
    /// Messages that can never be handled go to the endpoint's <c>_error</c> queue at once, with the reason in MassTransit's
    /// <c>MT-Fault-*</c> headers, instead of holding a consumer in retries: a body that is not a message (MassTransit's
    /// own behaviour), a message type nothing on the endpoint consumes (instead of the silent <c>_skipped</c> queue),
    /// and a message that breaks its <see cref="MessageContract"/>. Retry policies must <c>Ignore&lt;InvalidMessageException&gt;()</c>.
    /// </summary>
    public static void RejectPoisonMessages(this IReceiveEndpointConfigurator configurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.ConfigureDeadLetter(pipe => pipe.UseFilter(new UnconsumedToErrorFilter()));
        configurator.UseConsumeFilter(typeof(MessageContractFilter<>), context);
    }
}
