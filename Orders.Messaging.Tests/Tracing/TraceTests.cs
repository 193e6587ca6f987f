using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Tracing;

/// <summary>W3C trace context rides in the stored headers, across the database hop.</summary>
public sealed class TraceTests : MessagingFixture
{
    private static readonly ActivitySource Source = new("Orders.Messaging.Tests");

    [Test]
    public async Task The_trace_of_a_publish_continues_in_its_consumer()
    {
        var started = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Orders.Messaging.Tests" or "Orders.Messaging" or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var host = await StartHostAsync();
        var id = Guid.NewGuid();

        ActivityTraceId requestTrace;
        using (var request = Source.StartActivity("request"))
        {
            requestTrace = request!.TraceId;
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id));
            await db.SaveChangesAsync();
        }

        Assert.That(await Eventually.Holds(() => Observations.Pings(id) == 1), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(Observations.TraceOf(id), Is.EqualTo(requestTrace), "the consumer runs in the request's trace");
            Assert.That(started.Any(a => a.Source.Name == "Orders.Messaging" && a.TraceId == requestTrace), Is.True, "the delivery span joins it too");
        });
    }
}
