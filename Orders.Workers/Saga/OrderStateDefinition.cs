using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orders.Contracts;
using Orders.Messaging;
using Orders.Workers.Workflow;

namespace Orders.Workers.Saga;

/// <summary>
/// The saga's endpoint: messages of one order are handled one at a time in this process (partitioned by order id),
/// each in one transaction with its inbox row and outgoing messages; replicas are kept apart by optimistic concurrency.
/// </summary>
public sealed class OrderStateDefinition : SagaDefinition<OrderState>
{
    private const int Partitions = 32;

    public OrderStateDefinition() => Endpoint(e => e.Name = Endpoints.OrderSaga);

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<OrderState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.RejectPoisonMessages(context);

        // A concurrent update of the same order by another replica: apply the message again, at once, to the fresh row.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DbUpdateConcurrencyException>();
            retry.Immediate(20);
        });
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<DbUpdateConcurrencyException>();
            retry.Ignore<InvalidMessageException>();
            retry.Intervals(100, 500, 1000, 5000, 15000);
        });
        endpointConfigurator.UsePostgresOutbox<WorkflowDbContext>(context);

        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<OrderSubmitted>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<CancelOrder>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<PaymentCompleted>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<PaymentFailed>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<PaymentTimeout>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<OrderShipped>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<ShipmentFailed>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
        sagaConfigurator.Message<StockCommitted>(x => x.UsePartitioner(partition, m => m.Message.OrderId));
    }
}
