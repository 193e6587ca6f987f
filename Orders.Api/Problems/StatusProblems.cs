using Microsoft.AspNetCore.Mvc;

namespace Orders.Api.Problems;

/// <summary>
/// Problems the framework writes from a bare status code (a body too large or not JSON, refused while binding): they
/// get this API's type and a detail that tells the client what to change, like every other problem it answers.
/// </summary>
internal static class StatusProblems
{
    public static void Complete(ProblemDetails problem)
    {
        switch (problem.Status)
        {
            case StatusCodes.Status413PayloadTooLarge:
                problem.Type = ProblemTypes.RequestTooLarge;
                problem.Title = "Request body too large";
                problem.Detail ??= $"The request body is larger than this API accepts ({OrdersApiExtensions.MaxRequestBodyBytes} bytes).";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Type = ProblemTypes.UnsupportedMediaType;
                problem.Title = "Unsupported media type";
                problem.Detail ??= "The request body must be JSON, sent with Content-Type: application/json.";
                break;
        }
    }
}
