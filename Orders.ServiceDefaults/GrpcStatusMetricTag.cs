using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Orders.ServiceDefaults;

/// <summary>Adds the gRPC status of a gRPC call to ASP.NET Core's request metrics as <c>rpc.grpc.status_code</c>.</summary>
internal static class GrpcStatusMetricTag
{
    private const string StatusHeader = "grpc-status";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            || context.Features.Get<IHttpMetricsTagsFeature>() is not { } metrics)
        {
            return;
        }

        // A call that failed before any message is answered "trailers-only": the status travels in the headers.
        var status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers[StatusHeader] is { Count: > 0 } trailer
            ? trailer.ToString()
            : context.Response.Headers[StatusHeader].ToString();
        if (status.Length > 0)
        {
            metrics.Tags.Add(new KeyValuePair<string, object?>("rpc.grpc.status_code", status));
        }
    }
}
