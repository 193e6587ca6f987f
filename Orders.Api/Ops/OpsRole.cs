using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Orders.Api.Ops;

/// <summary>Who may use the operations console: a valid token with the claim <c>role: ops</c>.</summary>
public static class OpsRole
{
    public const string ClaimType = "role";

    public const string Value = "ops";

    public const string Policy = "ops";

    /// <summary>The console's pages are opened by a browser, which cannot add a bearer header to a link: it may carry the token in this cookie.</summary>
    public const string Cookie = "ops_token";

    public static void AddPolicy(AuthorizationBuilder authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(JwtRegisteredClaimNames.Sub)
            .RequireClaim(ClaimType, Value));
    }

    /// <summary>A request under <c>/ops</c> without an Authorization header is read with the token of the console's cookie.</summary>
    public static Task ReadCookie(MessageReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.Path.StartsWithSegments("/ops") && request.Headers.Authorization.Count == 0
            && request.Cookies.TryGetValue(Cookie, out var token) && !string.IsNullOrEmpty(token))
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }
}
