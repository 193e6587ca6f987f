using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orders.Api.Auth;
using Orders.Api.Tests.Support;

namespace Orders.Api.Tests.Orders;

public sealed class AuthenticationTests : ApiFixture
{
    [Test]
    public async Task A_request_without_a_token_is_401_problem_with_a_bearer_challenge()
    {
        using var response = await Api.Http.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(header => header.Scheme), Does.Contain("Bearer"));
        var problem = await CustomerClient.ReadProblemAsync(response);
        Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("unauthorized"));
    }

    private static readonly TestCaseData[] BadTokens =
    [
        new TestCaseData(CustomerClient.MintToken("mallory", signingKey: "another-key-that-is-long-enough-0123456789")).SetName("A_token_signed_with_another_key_is_401"),
        new TestCaseData(CustomerClient.MintToken("ada", lifetime: TimeSpan.FromMinutes(1), notBefore: DateTime.UtcNow.AddHours(-1))).SetName("An_expired_token_is_401"),
        new TestCaseData(CustomerClient.MintToken("ada", audience: "someone-else")).SetName("A_token_for_another_audience_is_401"),
        new TestCaseData("not-a-jwt").SetName("Garbage_instead_of_a_token_is_401"),
    ];

    [TestCaseSource(nameof(BadTokens))]
    public async Task A_bad_token_is_401_problem(string token)
    {
        var customer = Customer();
        customer.Token = token;

        using var response = await customer.PlaceAsync(OrderRequests.Valid());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await CustomerClient.ReadProblemAsync(response);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("invalid or expired"));
    }

    [Test]
    public async Task A_token_whose_customer_id_is_too_long_is_refused()
    {
        var customer = Customer(new string('c', 129));

        using var response = await customer.GetAsync("/orders");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await CustomerClient.ReadProblemAsync(response);
    }

    [Test]
    public async Task Another_customers_order_is_404_to_read_and_to_cancel()
    {
        var ada = Customer("ada");
        var order = await ada.PlaceAcceptedAsync(OrderRequests.Valid());
        var mallory = Customer("mallory");

        using var read = await mallory.GetAsync($"/orders/{order.OrderId}");
        using var cancel = await mallory.CancelAsync(order.OrderId);
        using var list = await mallory.GetAsync("/orders");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await CustomerClient.ReadProblemAsync(read))["type"]!.GetValue<string>(), Does.EndWith("not-found"));
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await list.Content.ReadAsStringAsync(), Does.Not.Contain(order.OrderId.ToString()));
            Assert.That(Saga.CancelRequests(order.OrderId), Is.Zero, "nobody else's cancellation reaches the saga");
        }
    }

    [Test]
    public void Production_refuses_to_start_with_the_development_key()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ordering"] = "Host=127.0.0.1;Database=unused",
            ["ConnectionStrings:RabbitMq"] = "amqp://operator:not-the-development-one@127.0.0.1/",
            ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey,
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddOrdersApi());

        Assert.That(refused!.Message, Does.Contain("Auth:SigningKey").And.Contain("development key"));
    }

    [Test]
    public void The_development_key_of_appsettings_is_the_one_production_refuses()
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: false)
            .Build();

        Assert.That(settings["Auth:SigningKey"], Is.EqualTo(AuthOptions.DevelopmentSigningKey));
    }
}
