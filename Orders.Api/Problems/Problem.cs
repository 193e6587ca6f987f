using Microsoft.AspNetCore.Http.HttpResults;

namespace Orders.Api.Problems;

/// <summary>The problem responses handlers return, each with its type, title and the members clients rely on.</summary>
internal static class Problem
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    /// <summary>400: one field of the request is missing or wrong.</summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(
            message,
            statusCode: StatusCodes.Status400BadRequest,
            title: "Validation failed",
            type: ProblemTypes.Validation,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    public static ProblemHttpResult InsufficientStock(IReadOnlyList<string> skus) =>
        TypedResults.Problem(
            $"Not enough stock for: {string.Join(", ", skus)}.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Insufficient stock",
            type: ProblemTypes.InsufficientStock,
            extensions: new Dictionary<string, object?> { ["skus"] = skus });

    public static ProblemHttpResult UnknownSku(IReadOnlyList<string> skus) =>
        TypedResults.Problem(
            $"No product has SKU {string.Join(", ", skus)}.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Unknown SKU",
            type: ProblemTypes.UnknownSku,
            extensions: new Dictionary<string, object?> { ["skus"] = skus });

    public static ProblemHttpResult MixedCurrencies(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Mixed currencies", type: ProblemTypes.MixedCurrencies);

    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(
            "This Idempotency-Key was used with a different request body; use a new key for a new order.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Idempotency-Key reused",
            type: ProblemTypes.IdempotencyKeyReused);

    public static ProblemHttpResult NotCancellable(string currentStatus) =>
        TypedResults.Problem(
            $"The order is {currentStatus} and can no longer be cancelled.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Order cannot be cancelled",
            type: ProblemTypes.NotCancellable,
            extensions: new Dictionary<string, object?> { ["currentStatus"] = currentStatus });

    /// <summary>429 with <c>Retry-After</c>: the customer's order rate allows no new order for now; nothing was placed.</summary>
    public static RetryLaterResult TooManyOrders(TimeSpan retryAfter)
    {
        // Retry-After counts whole seconds, and 0 would invite an immediate retry that is refused again.
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new(
            TypedResults.Problem(
                $"This customer has placed the most orders allowed for now; retry after {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many orders",
                type: ProblemTypes.TooManyRequests),
            seconds);
    }

    /// <summary>503 with <c>Retry-After</c>: a dependency is down or slow; nothing was changed.</summary>
    public static RetryLaterResult DependencyUnavailable(string dependency) =>
        new(TypedResults.Problem(
            $"{dependency} is unavailable or did not answer in time; nothing was changed. Retry later.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Dependency unavailable",
            type: ProblemTypes.DependencyUnavailable,
            extensions: new Dictionary<string, object?> { ["dependency"] = dependency }));
}
