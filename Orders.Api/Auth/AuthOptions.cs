using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orders.Api.Auth;

/// <summary>How bearer tokens are checked: a symmetric key (HS256), the issuer and the audience they must name.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key of appsettings.Development.json: public, so never accepted by a Production host.</summary>
    public const string DevelopmentSigningKey = "orders-development-signing-key-0123456789abcdef";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Longest <c>sub</c> (customer id) accepted; it is stored with every order.</summary>
    public const int MaxCustomerIdLength = 128;

    /// <summary>More tolerance than this would keep an expired token alive for too long.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "orders-dev";

    public string Audience { get; set; } = "orders-api";

    /// <summary>Tolerated clock difference between the token's issuer and this host.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(SigningKey ?? string.Empty));

    /// <summary>Refuses settings a host must not start with; the message names the setting to fix.</summary>
    public void EnsureUsable(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is not configured. Set Auth__SigningKey to a secret of at least 32 bytes " +
                "(Development hosts take the development key from appsettings.Development.json).");
        }

        if (Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes long.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
        {
            throw new InvalidOperationException($"Auth:ClockSkew must be between 00:00:00 and {MaxClockSkew:c}.");
        }

        if (environment.IsProduction() && string.Equals(SigningKey, DevelopmentSigningKey, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is the development key, which is published in the repository: a Production host refuses it. " +
                "Set Auth__SigningKey to a secret of at least 32 bytes.");
        }
    }
}
