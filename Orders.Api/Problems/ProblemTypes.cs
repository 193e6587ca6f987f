namespace Orders.Api.Problems;

/// <summary>The <c>type</c> URIs of this API's problem responses (RFC 9457); clients branch on how they end.</summary>
public static class ProblemTypes
{
    private const string Base = "https://orders.example.com/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedRequest = Base + "malformed-request";
    public const string RequestTooLarge = Base + "request-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Unauthorized = Base + "unauthorized";
    public const string NotFound = Base + "not-found";
    public const string InsufficientStock = Base + "insufficient-stock";
    public const string UnknownSku = Base + "unknown-sku";
    public const string MixedCurrencies = Base + "mixed-currencies";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string NotCancellable = Base + "not-cancellable";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string DependencyUnavailable = Base + "dependency-unavailable";
    public const string Unexpected = Base + "unexpected";
}
