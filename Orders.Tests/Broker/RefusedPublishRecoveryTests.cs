using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.ServiceDefaults.Broker;
using Orders.Testing;
using BrokerRefusal = RabbitMQ.Client.Exceptions.PublishException;

namespace Orders.Tests.Broker;

/// <summary>
/// A service whose broker keeps refusing its messages reopens its connection, so that new channels carry them (RabbitMQ
/// 3.10 can leave a channel refusing everything it sends to a quorum queue after a leader election, which is what the
/// node-loss test in Orders.Tests/Cluster met). The refusals are fed to the recovery as MassTransit reports refused sends; the
/// connection it closes is a real one, read through the management API.
/// </summary>
public sealed class RefusedPublishRecoveryTests
{
    private TestVirtualHost _virtualHost = null!;
    private IHost _host = null!;

    [SetUp]
    public async Task StartBus()
    {
        _virtualHost = await TestVirtualHost.CreateAsync(nameof(RefusedPublishRecoveryTests));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri.ToString();
        builder.Services.AddOrdersBroker();
        builder.Services.AddMassTransit(bus => bus.UsingRabbitMq((context, rabbit) => rabbit.UseOrdersBroker(context)));
        _host = builder.Build();
        await _host.StartAsync();
    }

    [TearDown]
    public async Task StopBus()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _virtualHost.DisposeAsync();
    }

    [Test]
    public async Task Repeated_refusals_reopen_the_connection_and_messages_flow_on_the_new_one()
    {
        var first = await Eventually.Until(ConnectionsAsync, names => names.Count == 1, TimeSpan.FromSeconds(30));
        Assert.That(first, Has.Count.EqualTo(1), "the bus connected");

        // A returned (unroutable) message is not a refusal, and fewer refusals than the threshold are not a pattern.
        await ReportAsync(new BrokerRefusal(1, isReturn: true), 3);
        await ReportAsync(new BrokerRefusal(2, isReturn: false), 2);
        Assert.That(await ConnectionsAsync(), Is.EqualTo(first), "the connection is kept");

        // As MassTransit reports a negative confirm: wrapped.
        await ReportAsync(new InvalidOperationException("BasicPublishAsync failed", new BrokerRefusal(3, isReturn: false)), 1);
        var closed = await Eventually.Until(ConnectionsAsync, names => !names.SequenceEqual(first), TimeSpan.FromSeconds(30));
        Assert.That(closed, Does.Not.Contain(first[0]), "the refusing connection was closed");

        // The next message opens a new connection (a service's receive endpoints reopen theirs at once) and is confirmed.
        var bus = _host.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(new Uri("queue:refused-publish-probe"));
        await endpoint.Send(new Probe(Guid.NewGuid()));
        var reopened = await Eventually.Until(ConnectionsAsync, names => names.Count == 1, TimeSpan.FromSeconds(30));
        Assert.That(reopened, Has.Count.EqualTo(1).And.Not.Contains(first[0]), "a new connection");
        Assert.That(await Eventually.Until(() => _virtualHost.GetQueueAsync("refused-publish-probe"), queue => queue?.Messages == 1, TimeSpan.FromSeconds(30)),
            Has.Property(nameof(QueueDepth.Messages)).EqualTo(1), "the message sent after the reopening is in its queue");
    }

    private async Task ReportAsync(Exception exception, int times)
    {
        var observers = _host.Services.GetServices<ISendObserver>().ToList();
        Assert.That(observers, Is.Not.Empty, "AddOrdersBroker registers the recovery as a send observer");
        for (var i = 0; i < times; i++)
        {
            foreach (var observer in observers)
            {
                await observer.SendFault<Probe>(null!, exception);
            }
        }
    }

    private async Task<IReadOnlyList<string>> ConnectionsAsync()
    {
        using var document = JsonDocument.Parse(await _virtualHost.Management.GetStringAsync($"api/vhosts/{Uri.EscapeDataString(_virtualHost.Name)}/connections"));
        return document.RootElement.EnumerateArray().Select(connection => connection.GetProperty("name").GetString()!).Order().ToList();
    }

    private sealed record Probe(Guid Id);
}
