using Orders.Contracts;
using Orders.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orders.Tests.Broker;

/// <summary>
/// The services' RabbitMQ users with the permissions of scripts/rabbitmq-definitions.json, on a test virtual host: each
/// reads its own queues and RabbitMQ refuses it the other's. That the services work under them is what the end-to-end
/// tests show (RunningSystem runs each service as its own user).
/// </summary>
public sealed class ServiceUserTests
{
    private const string AccessRefused = "ACCESS_REFUSED";

    private static readonly string[] WorkersQueues = [Endpoints.OrderSaga, Endpoints.Payments, Endpoints.Shipping, Endpoints.Stock];

    private TestVirtualHost _virtualHost = null!;
    private Uri _api = null!;
    private Uri _workers = null!;

    [OneTimeSetUp]
    public async Task CreateUsersAndQueues()
    {
        _virtualHost = await TestVirtualHost.CreateAsync(nameof(ServiceUserTests));
        _api = await _virtualHost.CreateServiceUserAsync("orders-api");
        _workers = await _virtualHost.CreateServiceUserAsync("orders-workers");
        foreach (var queue in WorkersQueues)
        {
            Assert.That(await RefusalOfAsync(_workers, channel => channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false)), Is.Null);
        }
    }

    [OneTimeTearDown]
    public async Task DeleteVirtualHost() => await _virtualHost.DisposeAsync();

    [TestCaseSource(nameof(WorkersQueues))]
    public async Task The_Api_cannot_consume_a_Workers_queue(string queue)
    {
        Assert.That(await RefusalOfAsync(_api, channel => channel.BasicGetAsync(queue, autoAck: true)), Does.Contain(AccessRefused));
        Assert.That(await RefusalOfAsync(_api, channel => channel.QueuePurgeAsync(queue)), Does.Contain(AccessRefused));
    }

    [TestCaseSource(nameof(WorkersQueues))]
    public async Task The_Workers_consume_their_own_queues(string queue)
    {
        Assert.That(await RefusalOfAsync(_workers, channel => channel.BasicGetAsync(queue, autoAck: true)), Is.Null);
    }

    [Test]
    public async Task The_Api_cannot_bind_a_queue_to_the_status_events_it_no_longer_consumes()
    {
        var refusal = await RefusalOfAsync(_api, channel => channel.QueueDeclareAsync("order-timeline", durable: true, exclusive: false, autoDelete: false));

        Assert.That(refusal, Does.Contain(AccessRefused));
    }

    [Test]
    public async Task The_Api_cannot_create_the_exchange_of_an_event_it_does_not_publish()
    {
        var refusal = await RefusalOfAsync(_api, channel => channel.ExchangeDeclareAsync("Orders.Contracts:PaymentCompleted", ExchangeType.Fanout, durable: true));

        Assert.That(refusal, Does.Contain(AccessRefused));
    }

    /// <summary>Runs one operation on a channel of its own (a refusal closes the channel); null when it was allowed.</summary>
    private static async Task<string?> RefusalOfAsync(Uri user, Func<IChannel, Task> operation)
    {
        var factory = new ConnectionFactory { Uri = user };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await operation(channel);
            return null;
        }
        catch (OperationInterruptedException refused)
        {
            return refused.ShutdownReason?.ReplyText ?? refused.Message;
        }
    }
}
