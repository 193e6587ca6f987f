using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Orders.Api.Problems;

/// <summary>A 503 problem that tells the client when to try again.</summary>
public sealed class RetryLaterResult(ProblemHttpResult problem) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>Seconds a client should wait: long enough for a restart or a broker reconnect to finish.</summary>
    public const int RetryAfterSeconds = 2;

    public int? StatusCode => problem.StatusCode;

    public ProblemHttpResult Problem => problem;

    public static void SetRetryAfter(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        SetRetryAfter(httpContext.Response);
        return problem.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
    }
}
