using System.Security.Authentication;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.ServiceDefaults.Broker;
using Orders.Testing;
using Orders.Testing.Servers;

namespace Orders.Tests.Security;

/// <summary>
/// AMQPS by configuration alone: a private RabbitMQ node with a TLS listener whose certificate is of a CA made here. A bus
/// wired as the services wire theirs (<see cref="RabbitMqBroker.UseOrdersBroker"/>) with an <c>amqps://</c> URI and
/// <c>Messaging:CertificateAuthority</c> carries a message round; one that trusts another CA, or only the system's roots,
/// is refused in the TLS handshake (MassTransit alone would accept a certificate of any CA).
/// </summary>
public sealed class BrokerTlsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // The handshake fails at the first attempt; MassTransit then retries until the host's start timeout ends it.
    private static readonly TimeSpan RefusedStartTimeout = TimeSpan.FromSeconds(15);

    private TestAuthorities _tls = null!;
    private PrivateRabbitMq _broker = null!;
    private string _authority = null!;
    private string _otherAuthority = null!;

    [OneTimeSetUp]
    public async Task StartBrokerWithTls()
    {
        _tls = TestAuthorities.Create("orders-amqps-");
        _authority = _tls.AuthorityPem;
        _otherAuthority = _tls.OtherAuthorityPem;
        _broker = await PrivateRabbitMq.StartNewAsync(tlsAuthority: _tls.Authority);
    }

    [OneTimeTearDown]
    public async Task StopBroker()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _tls?.Dispose();
    }

    [Test]
    public async Task A_bus_that_trusts_the_CA_carries_a_message_over_AMQPS()
    {
        var received = new TaskCompletionSource<TlsProbe>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = CreateHost(_authority, received, StartTimeout);

        await host.StartAsync();
        try
        {
            var sent = new TlsProbe(Guid.NewGuid());
            await host.Services.GetRequiredService<IBus>().Publish(sent);

            Assert.That(await received.Task.WaitAsync(StartTimeout), Is.EqualTo(sent));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public void A_bus_that_trusts_another_CA_is_refused()
    {
        AssertRefusedByTls(_otherAuthority);
    }

    [Test]
    public void A_bus_with_only_the_system_roots_is_refused()
    {
        AssertRefusedByTls(certificateAuthority: null);
    }

    private void AssertRefusedByTls(string? certificateAuthority)
    {
        using var host = CreateHost(certificateAuthority, new TaskCompletionSource<TlsProbe>(), RefusedStartTimeout);

        var refused = Assert.CatchAsync(() => host.StartAsync());

        Assert.That(RefusedByTls(refused), Is.True, refused!.ToString());
    }

    private IHost CreateHost(string? certificateAuthority, TaskCompletionSource<TlsProbe> received, TimeSpan startTimeout)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:RabbitMq"] = $"amqps://guest:guest@localhost:{_broker.AmqpsPort}/";
        builder.Configuration["Messaging:CertificateAuthority"] = certificateAuthority;
        builder.Services.AddOrdersBroker();
        builder.Services.AddSingleton(received);
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = startTimeout;
        });
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<TlsProbeConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseOrdersBroker(context);
                rabbit.ReceiveEndpoint("tls-probe", endpoint => endpoint.ConfigureConsumer<TlsProbeConsumer>(context));
            });
        });
        return builder.Build();
    }

    /// <summary>Whether the start failed in the TLS handshake (the broker's certificate was not trusted).</summary>
    private static bool RefusedByTls(Exception? exception)
    {
        if (exception is AggregateException aggregate)
        {
            return aggregate.InnerExceptions.Any(RefusedByTls);
        }

        return exception is not null && (exception is AuthenticationException || RefusedByTls(exception.InnerException));
    }


    public sealed record TlsProbe(Guid Id);

    private sealed class TlsProbeConsumer(TaskCompletionSource<TlsProbe> received) : IConsumer<TlsProbe>
    {
        public Task Consume(ConsumeContext<TlsProbe> context)
        {
            received.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
