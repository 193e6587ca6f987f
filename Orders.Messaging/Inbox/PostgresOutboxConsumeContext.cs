using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Outbox;

namespace Orders.Messaging.Inbox;

/// <summary>
/// What a consumer sees while it runs inside the outbox: every send and publish becomes an outbox row in the
/// consumer's own DbContext, written by the same SaveChanges and transaction as its state.
/// </summary>
internal sealed class PostgresOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>, IPostgresOutboxContext
    where TMessage : class
{
    private readonly DbContext _dbContext;
    private readonly Guid _outboxId;
    private readonly TimeProvider _timeProvider;
    private readonly PostgresOutboxOptions _outboxOptions;

    public PostgresOutboxConsumeContext(
        ConsumeContext<TMessage> context,
        OutboxConsumeOptions options,
        IServiceProvider provider,
        DbContext dbContext,
        TimeProvider timeProvider,
        PostgresOutboxOptions outboxOptions)
        : base(context, options, provider)
    {
        _dbContext = dbContext;
        _timeProvider = timeProvider;
        _outboxOptions = outboxOptions;
        _outboxId = NewId.NextGuid();

        // Scheduled sends must go through this outbox too (they become rows with a due time), so the scheduler of this
        // message is re-bound to this context rather than to the transport.
        if (context.TryGetPayload(out MessageSchedulerContext? scheduler))
        {
            var factory = scheduler.SchedulerFactory;
            AddOrUpdatePayload<MessageSchedulerContext>(
                () => new ConsumeMessageSchedulerContext(this, factory),
                _ => new ConsumeMessageSchedulerContext(this, factory));
        }
    }

    public DbContext DbContext => _dbContext;

    // The message is consumed exactly once, in this single pass; MassTransit's later delivery passes are not used
    // because delivery follows the commit (OutboxCommitInterceptor) instead of running in further transactions.
    public override bool ContinueProcessing { get; set; }

    public override bool IsMessageConsumed => false;

    public override bool IsOutboxDelivered => false;

    public override int ReceiveCount => 1;

    public override long? LastSequenceNumber => null;

    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        _dbContext.Add(OutboxMessageFactory.Create(context, _outboxId, _timeProvider.GetUtcNow().UtcDateTime, _outboxOptions));
        return Task.CompletedTask;
    }
}
