using System.Reflection;
using MassTransit;
using MassTransit.DependencyInjection.Testing;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orders.Messaging.Outbox;

namespace Orders.Testing.Harness;

public static class HarnessRegistrationExtensions
{
    /// <summary>
    /// Makes <c>ITestHarness.Published</c> and <c>ITestHarness.Sent</c> include what the host's
    /// PostgreSQL outboxes deliver, as the types found in <paramref name="messageAssemblies"/>. Use it beside
    /// <c>AddMassTransitTestHarness</c>, or beside <see cref="AddTestHarnessToBus"/> for a host that keeps its own bus.
    /// </summary>
    public static IServiceCollection AddOutboxToTestHarness(this IServiceCollection services, params Assembly[] messageAssemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new OutboxMessageTypes(messageAssemblies));
        services.AddSingleton<IOutboxDeliveryObserver, OutboxHarnessBridge>();
        return services;
    }

    /// <summary>
    /// An <see cref="ITestHarness"/> watching a bus that the host configures itself with <c>AddMassTransit</c> (its
    /// transport, saga repositories and endpoints stay as they are, unlike <c>AddMassTransitTestHarness</c>, which
    /// replaces them with in-memory ones). Register it before the host is built.
    /// </summary>
    public static IServiceCollection AddTestHarnessToBus(this IServiceCollection services, TimeSpan? testTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TestHarnessOptions>().Configure(options =>
        {
            // The harness's waits end when the awaited message arrives; a short inactivity timeout would end them at once.
            options.TestTimeout = testTimeout ?? TimeSpan.FromSeconds(30);
            options.TestInactivityTimeout = options.TestTimeout;
        });
        services.TryAddSingleton<ContainerTestHarness>();
        services.TryAddSingleton<ITestHarness>(provider => provider.GetRequiredService<ContainerTestHarness>());
        services.AddBusObserver<ContainerTestHarnessBusObserver>();
        return services;
    }
}
