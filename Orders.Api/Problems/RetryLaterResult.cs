using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Orders.Api.Problems;

/// <summary>
/// A problem that tells the client when to try again: a 503 while a dependency is down, or a 429 until the customer's
/// order rate allows another order.
/// </summary>
public sealed class RetryLaterResult(ProblemHttpResult problem, int retryAfterSeconds = RetryLaterResult.RetryAfterSeconds)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>Seconds a client should wait for a dependency: long enough for a restart or a broker reconnect to finish.</summary>
    public const int RetryAfterSeconds = 2;

    public int? StatusCode => problem.StatusCode;

    public ProblemHttpResult Problem => problem;

    public static void SetRetryAfter(HttpResponse response, int seconds = RetryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        SetRetryAfter(httpContext.Response, retryAfterSeconds);
        return problem.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
    }
}
