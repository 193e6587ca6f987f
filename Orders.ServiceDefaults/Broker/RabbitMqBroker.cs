using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orders.ServiceDefaults.Broker;

/// <summary>The RabbitMQ connection and queue declarations that the Api and Workers share.</summary>
public static class RabbitMqBroker
{
    /// <summary>Binds <c>Messaging:QueueType</c> and <c>Messaging:DeliveryLimit</c>, checked when the host starts.</summary>
    public static IServiceCollection AddOrdersBroker(this IServiceCollection services)
    {
        services.AddOptions<BrokerOptions>()
            .BindConfiguration(BrokerOptions.Section)
            .Validate(options => Enum.IsDefined(options.QueueType), "Messaging:QueueType must be classic or quorum.")
            .Validate(options => options.DeliveryLimit > 0, "Messaging:DeliveryLimit must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSendObserver<RefusedPublishRecovery>();
        return services;
    }

    /// <summary>
    /// Connects to the node or nodes of <c>ConnectionStrings:RabbitMq</c> and, with <c>Messaging:QueueType=Quorum</c>,
    /// declares every receive endpoint's queue as a quorum queue. Call it before the receive endpoints are configured.
    /// </summary>
    public static void UseOrdersBroker(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.GetRequiredService<IConfiguration>();
        var address = BrokerAddress.Parse(configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured."));
        var options = context.GetRequiredService<IOptions<BrokerOptions>>().Value;

        rabbit.Host(address.Uri, host =>
        {
            if (address.Uri.Scheme == "amqps")
            {
                host.UseSsl(ssl => BrokerTls.Configure(ssl, options.CertificateAuthority));
            }

            if (address.IsCluster)
            {
                // A lost connection is reopened to the next node that answers; the queues' replicas live on all of them.
                host.UseCluster(cluster =>
                {
                    foreach (var node in address.Nodes)
                    {
                        cluster.Node(node);
                    }
                });
            }
        });

        if (options.QueueType == BrokerQueueType.Quorum)
        {
            rabbit.ConnectEndpointConfigurationObserver(new QuorumQueues(options.DeliveryLimit));
        }
    }
}
