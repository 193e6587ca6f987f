using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orders.Api.Auth;

/// <summary>Mints bearer tokens as this API accepts them: the customer (or operator) is the token's <c>sub</c>; an operator's has <c>role: ops</c>.</summary>
public static class AccessTokens
{
    public static string Create(AuthOptions options, string customerId, DateTime notBefore, TimeSpan lifetime, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, customerId) };
        if (!string.IsNullOrEmpty(role))
        {
            claims.Add(new Claim(Ops.OpsRole.ClaimType, role));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = notBefore + lifetime,
            SigningCredentials = new SigningCredentials(options.Key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The customer a validated token speaks for.</summary>
    public static string CustomerId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(JwtRegisteredClaimNames.Sub)
            ?? throw new InvalidOperationException("An authenticated request carries no 'sub' claim.");
    }
}
