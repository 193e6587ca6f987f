using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orders.ServiceDefaults;

namespace Orders.Observability.Tests;

/// <summary>
/// <c>Tracing:Sampling</c>: by default spans are recorded only when a trace exporter is configured; the trace context
/// flows either way.
/// </summary>
public sealed class TraceSamplingTests
{
    private static readonly ActivitySource Source = new("Orders.TraceSamplingTests");

    [TestCase(null, null, false, TestName = "Nothing exported, nothing recorded")]
    [TestCase(null, "console", true, TestName = "A console exporter turns recording on")]
    [TestCase("on", null, true, TestName = "Sampling on records without an exporter")]
    [TestCase("off", "console", false, TestName = "Sampling off records nothing even with an exporter")]
    public async Task A_consumed_message_has_a_trace_context_and_is_recorded_only_when_exported(string? sampling, string? exporter, bool recorded)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Tracing:Sampling"] = sampling;
        builder.Configuration["OTEL_TRACES_EXPORTER"] = exporter;
        builder.AddOrdersObservability("trace-sampling-test");
        await using var app = builder.Build();
        _ = app.Services.GetRequiredService<TracerProvider>();

        using var activity = Source.StartActivity("consume", ActivityKind.Consumer);

        Assert.That(activity, Is.Not.Null, "the trace context flows");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(activity!.TraceId, Is.Not.EqualTo(default(ActivityTraceId)));
            Assert.That(activity.Recorded, Is.EqualTo(recorded));
        }
    }
}
