using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Orders.Api.Problems;

/// <summary>
/// Turns exceptions into problem responses without internals: unreadable requests are the client's (400/413), an
/// unreachable database is temporary (503 + Retry-After), anything else is ours (500, logged, no stack trace).
/// </summary>
internal sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Malformed request",
                Type = ProblemTypes.MalformedRequest,
                Detail = Describe(bad),
            },
            _ when DatabaseFailure.IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Dependency unavailable",
                Type = ProblemTypes.DependencyUnavailable,
                Detail = "PostgreSQL is unavailable; nothing was changed. Retry later.",
                Extensions = { ["dependency"] = "PostgreSQL" },
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Type = ProblemTypes.Unexpected,
                Detail = "The request failed on our side; it is logged with the trace id below.",
            },
        };

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "PostgreSQL unavailable during {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            RetryLaterResult.SetRetryAfter(httpContext.Response);
        }
        else if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception during {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    // The framework's message names the parameter and says what was wrong with the JSON; the inner exception is not shown.
    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON for this endpoint: {json.Message}"
            : exception.Message;
}
