using MassTransit;

namespace Orders.ServiceDefaults.Broker;

/// <summary>
/// Makes every receive endpoint's queue a quorum queue with a delivery limit. The endpoint's <c>_error</c> and
/// <c>_skipped</c> queues are declared with the endpoint queue's arguments, so they are quorum queues too. Temporary
/// queues (the bus's own queue that request clients receive responses on) stay classic, non-durable and auto-delete:
/// they belong to one process, and a quorum queue can be neither.
/// </summary>
internal sealed class QuorumQueues(int deliveryLimit) : IEndpointConfigurationObserver
{
    public void EndpointConfigured<T>(T configurator)
        where T : IReceiveEndpointConfigurator
    {
        if (configurator is not IRabbitMqReceiveEndpointConfigurator rabbit
            || configurator.InputAddress.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var error = ErrorQueue(configurator.InputAddress);
        Quorum(rabbit, error);

        // Past the limit the broker drops a message unless it can dead-letter it. The error exchange and queue are
        // declared now, as MassTransit will declare them on a first fault (with the endpoint queue's arguments), so that
        // a message over the limit lands in _error from the start.
        rabbit.BindDeadLetterQueue(error, error, queue => Quorum(queue, error));
    }

    private void Quorum(IRabbitMqQueueConfigurator queue, string deadLetterExchange)
    {
        queue.SetQuorumQueue();
        queue.SetQueueArgument("x-delivery-limit", deliveryLimit);
        queue.SetQueueArgument("x-dead-letter-exchange", deadLetterExchange);
    }

    private static string ErrorQueue(Uri inputAddress) => inputAddress.AbsolutePath.Split('/').Last() + "_error";
}
