using MassTransit.Testing;
using Microsoft.Extensions.Time.Testing;
using Orders.Testing.Quiet;
using Orders.Workers.Workflow;

namespace Orders.Workers.Tests.Scenarios;

/// <summary>
/// Where a scenario runs: the saga over a harness, or the whole Workers host on RabbitMQ. Both keep the saga, its outbox
/// and its scheduled messages in PostgreSQL, run on a clock the test moves, and show what the outbox delivered in
/// <see cref="Harness"/>.
/// </summary>
public interface IOrderWorld : IAsyncDisposable
{
    FakeTimeProvider Clock { get; }

    ITestHarness Harness { get; }

    TestSystem System { get; }

    /// <summary>How long a submitted order waits for its payment.</summary>
    TimeSpan PaymentTimeout { get; }

    /// <summary>Submits an order of one line, as the API does once Inventory has reserved it.</summary>
    Task SubmitAsync(Guid orderId, string paymentToken);

    WorkflowDbContext OpenWorkflow();
}
