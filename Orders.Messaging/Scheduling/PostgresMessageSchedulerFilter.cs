using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace Orders.Messaging.Scheduling;

/// <summary>Gives every consumed message a scheduler that stores scheduled messages in PostgreSQL.</summary>
internal sealed class PostgresMessageSchedulerFilter : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context, CreateScheduler));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("postgresMessageScheduler");

    private static MessageScheduler CreateScheduler(ConsumeContext context) =>
        new MessageScheduler(new PostgresScheduleMessageProvider(context), context.GetPayload<IBusTopology>());
}
