namespace Orders.Api.Limits;

/// <summary>
/// Headers that keep browsers from misusing the API's answers: no content sniffing, no framing, no referrer leaks; and
/// over TLS, HSTS so that a browser never falls back to plain HTTP.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>One year, the usual figure for HSTS.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return next(context);
        });
}
