using System.Text.Json;
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
            BadHttpRequestException bad => Unreadable(bad),
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

    // Says where the body went wrong, in the client's terms (a JSON path), never in ours (type names, stack).
    private static ProblemDetails Unreadable(BadHttpRequestException exception)
    {
        if (exception.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
        {
            var refused = new ProblemDetails { Status = exception.StatusCode };
            StatusProblems.Complete(refused);
            return refused;
        }

        var problem = new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "Malformed request",
            Type = ProblemTypes.MalformedRequest,
            Detail = "The request body is missing or is not valid JSON of the expected shape.",
        };
        if (exception.InnerException is JsonException { Path: { } path } json)
        {
            problem.Detail = $"The request body is not valid JSON of the expected shape at {path} (line {json.LineNumber}, byte {json.BytePositionInLine}).";
            var field = path.TrimStart('$').TrimStart('.');
            if (field.Length > 0)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["is malformed or of the wrong type"] };
            }
        }

        return problem;
    }
}
