using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using Orders.Api.Auth;
using Orders.Api.Tests.Support;

namespace Orders.Api.Tests.Orders;

/// <summary>
/// Every rule a bearer token must pass: the key, the algorithm, the issuer, the audience, and its lifetime within a
/// bounded clock skew (30 s by default).
/// </summary>
public sealed class TokenValidationTests : ApiFixture
{
    private static readonly TestCaseData[] RefusedTokens =
    [
        new TestCaseData(Token(issuer: "someone-else")).SetName("A_token_from_another_issuer_is_401"),
        new TestCaseData(Token(audience: "another-api")).SetName("A_token_for_another_audience_is_401"),
        new TestCaseData(Token(signingKey: "another-key-that-is-long-enough-0123456789")).SetName("A_token_signed_with_another_key_is_401"),
        new TestCaseData(Token(notBefore: DateTime.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(8))).SetName("A_token_expired_beyond_the_clock_skew_is_401"),
        new TestCaseData(Token(notBefore: DateTime.UtcNow.AddMinutes(10))).SetName("A_token_not_yet_valid_beyond_the_clock_skew_is_401"),
        new TestCaseData(Unsigned()).SetName("An_unsigned_token_with_alg_none_is_401"),
    ];

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task A_token_that_breaks_a_rule_is_refused(string token)
    {
        var customer = Customer("ada");
        customer.Token = token;

        using var response = await customer.GetAsync("/orders");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await CustomerClient.ReadProblemAsync(response))["detail"]!.GetValue<string>(), Does.Contain("invalid or expired"));
    }

    [Test]
    public async Task A_token_that_expired_within_the_clock_skew_is_still_accepted()
    {
        var customer = Customer("ada");
        customer.Token = Token(notBefore: DateTime.UtcNow.AddMinutes(-2), lifetime: TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(10));

        using var response = await customer.GetAsync("/orders");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "10 s past expiry, within the 30 s skew");
    }

    [TestCase("01:00:00")]
    [TestCase("-00:00:01")]
    public void A_clock_skew_out_of_bounds_stops_the_host(string skew)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ordering"] = "Host=127.0.0.1;Database=unused",
            ["ConnectionStrings:RabbitMq"] = "amqp://127.0.0.1/",
            ["Auth:SigningKey"] = ApiHost.SigningKey,
            ["Auth:ClockSkew"] = skew,
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddOrdersApi());

        Assert.That(refused!.Message, Does.Contain("Auth:ClockSkew"));
    }

    private static string Token(
        string issuer = "orders-dev", string audience = "orders-api", string signingKey = ApiHost.SigningKey, DateTime? notBefore = null, TimeSpan? lifetime = null) =>
        AccessTokens.Create(
            new AuthOptions { SigningKey = signingKey, Issuer = issuer, Audience = audience },
            "ada",
            notBefore ?? DateTime.UtcNow.AddSeconds(-5),
            lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A well-formed token that names no algorithm and carries no signature, with claims that would otherwise pass.</summary>
    private static string Unsigned()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "none", typ = "JWT" };
        var payload = new { sub = "ada", iss = "orders-dev", aud = "orders-api", nbf = now - 5, iat = now - 5, exp = now + 3600 };
        return $"{Encode(header)}.{Encode(payload)}.";
    }

    private static string Encode(object part) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(part)));
}
