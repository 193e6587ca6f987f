using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Problems;
using RabbitMQ.Client.Exceptions;

namespace Orders.Api.Ops;

/// <summary>
/// Answers the console's broker failures as problems an operator can act on, ahead of the Api's catch-all 500: a setting
/// this host lacks is 503 naming it, a broker or management API that is down or refused a move is 503 with Retry-After.
/// Nothing was moved in either case: a move that failed leaves its message in the error queue.
/// </summary>
internal sealed class BrokerProblems(IProblemDetailsService problems, ILogger<BrokerProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(OpsApi.Prefix))
        {
            return false;
        }

        var problem = exception switch
        {
            OpsNotConfiguredException missing => Unavailable($"This Api has no {missing.Setting}; the console cannot reach RabbitMQ until it is set.", "configuration"),
            RedriveRefusedException refused => Unavailable(refused.Message, "RabbitMQ"),
            HttpRequestException or BrokerUnreachableException or OperationInterruptedException =>
                Unavailable("RabbitMQ or its management API did not answer; nothing was moved. Retry later.", "RabbitMQ"),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        logger.LogWarning(exception, "Operations console: {Method} {Path} could not reach the broker", httpContext.Request.Method, httpContext.Request.Path);
        if (exception is not OpsNotConfiguredException)
        {
            RetryLaterResult.SetRetryAfter(httpContext.Response);
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Unavailable(string detail, string dependency) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Dependency unavailable",
        Type = ProblemTypes.DependencyUnavailable,
        Detail = detail,
        Extensions = { ["dependency"] = dependency },
    };
}
