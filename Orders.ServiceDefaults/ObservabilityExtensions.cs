using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orders.ServiceDefaults;

/// <summary>
/// Traces, metrics and logs, the same in every service: OpenTelemetry with ASP.NET Core, HttpClient, gRPC client,
/// Npgsql, MassTransit and our own sources; <c>/metrics</c> in Prometheus text; OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector; console exporters when <c>OTEL_*_EXPORTER</c> says <c>console</c>.
/// </summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Our own sources and meters are all named <c>Orders.*</c> (Orders.Messaging, Orders.Api, Orders.Inventory).</summary>
    private static readonly string[] ActivitySources = ["Orders.*", "MassTransit", "Grpc.Net.Client", "Npgsql"];

    private static readonly string[] Meters = ["Orders.*", "MassTransit", "Npgsql", "System.Runtime"];

    public static WebApplicationBuilder AddOrdersObservability(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;

        // Every log line written inside a span carries its TraceId and SpanId; console formatters show them as scopes
        // unless configuration says otherwise (Logging:Console:FormatterName=json gives one JSON object per line).
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:Console:FormatterOptions:IncludeScopes"] = "true" },
        });

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var consoleTraces = Requests(configuration, "OTEL_TRACES_EXPORTER", "console");
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(TraceSampler(configuration, exporting: otlp || consoleTraces))
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource(ActivitySources)
                    .AddProcessor<GrpcClientSpanNames>();
                if (consoleTraces)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter(Meters)
                    .AddPrometheusExporter();
                if (Requests(configuration, "OTEL_METRICS_EXPORTER", "console"))
                {
                    metrics.AddConsoleExporter();
                }
            });

        var consoleLogs = Requests(configuration, "OTEL_LOGS_EXPORTER", "console");
        if (otlp || consoleLogs)
        {
            telemetry.WithLogging(
                logging =>
                {
                    if (consoleLogs)
                    {
                        logging.AddConsoleExporter();
                    }
                },
                options =>
                {
                    options.IncludeScopes = true;
                    options.IncludeFormattedMessage = true;
                });
        }

        if (otlp)
        {
            // Endpoint, protocol (grpc or http/protobuf), headers and timeouts come from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text, and the gRPC status of each gRPC call as the tag <c>rpc.grpc.status_code</c> of
    /// <c>http.server.request.duration</c> (gRPC answers errors with HTTP 200, so the HTTP status alone hides them).
    /// </summary>
    public static WebApplication MapOrdersMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(GrpcStatusMetricTag.InvokeAsync);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>
    /// Spans are recorded only when someone will see them: <c>Tracing:Sampling</c> = <c>auto</c> (the default) records
    /// when a trace exporter is configured, <c>on</c> always, <c>off</c> never. Unrecorded, the trace context still flows
    /// (trace ids in every log line, <c>traceparent</c> across HTTP, gRPC, the outbox and RabbitMQ), but no span pays
    /// for tags and timings that nobody exports. Recorded, background calls start no trace and everything else follows
    /// its parent (<see cref="NoTraceForBackgroundCallsSampler"/>).
    /// </summary>
    private static Sampler TraceSampler(ConfigurationManager configuration, bool exporting)
    {
        var setting = configuration["Tracing:Sampling"] ?? "auto";
        var record = setting.ToUpperInvariant() switch
        {
            "AUTO" => exporting,
            "ON" => true,
            "OFF" => false,
            _ => throw new InvalidOperationException($"Tracing:Sampling must be auto, on or off, not '{setting}'."),
        };
        return record ? new ParentBasedSampler(new NoTraceForBackgroundCallsSampler()) : new AlwaysOffSampler();
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an <c>OTEL_*_EXPORTER</c> variable (a comma list, as the OpenTelemetry specification defines it) names <paramref name="exporter"/>.</summary>
    private static bool Requests(ConfigurationManager configuration, string variable, string exporter) =>
        (configuration[variable] ?? string.Empty)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Contains(exporter, StringComparer.OrdinalIgnoreCase);
}
