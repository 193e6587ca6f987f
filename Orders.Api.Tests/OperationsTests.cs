using System.Net;
using System.Text.Json.Nodes;
using Orders.Api.Tests.Support;
using Orders.Testing;

namespace Orders.Api.Tests;

public sealed class OperationsTests : ApiFixture
{
    [Test]
    public async Task Health_answers_without_a_token_and_ready_checks_postgres_the_bus_and_inventory()
    {
        using var live = await Api.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await Api.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
        var checks = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!.AsObject();
        Assert.That(checks.Select(check => check.Key), Is.SupersetOf(new List<string> { "postgres", "inventory", "masstransit-bus" }));
    }

    [Test]
    public async Task The_OpenAPI_document_describes_the_orders_resource_and_its_bearer_scheme()
    {
        using var response = await Api.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(document["paths"]!.AsObject().Select(path => path.Key), Is.SupersetOf(new List<string> { "/orders", "/orders/{id}", "/orders/{id}/cancel" }));
            Assert.That(document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(document["paths"]!["/orders"]!["post"]!["security"], Is.Not.Null);
            Assert.That(document["paths"]!["/orders"]!["post"]!["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new List<string> { "202", "200", "400", "409", "422", "503" }));
            Assert.That(document["components"]!["schemas"]!["OrderBody"]!["properties"]!.AsObject().Select(p => p.Key), Does.Contain("shippingAddress").And.Not.Contain("payment"));
            Assert.That(
                document["components"]!["schemas"]!["ShippingAddressBody"]!["properties"]!.AsObject().Select(p => p.Key),
                Is.EqualTo(new List<string> { "name", "line1", "city", "postalCode", "country" }));
        }
    }

    [Test]
    public async Task The_browsable_API_page_is_served()
    {
        using var response = await Api.Http.GetAsync(new Uri("/scalar/v1", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    [Test]
    public async Task An_unexpected_failure_is_a_500_problem_without_internals()
    {
        // A database nobody migrated: every query fails in a way no handler expects.
        await using var empty = await TestDatabase.CreateAsync("unmigrated");
        var api = await StartApiAsync(new Dictionary<string, string?>(), connectionString: empty.ConnectionString);

        using var response = await Customer(host: api).GetAsync($"/orders/{Guid.NewGuid()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var problem = await CustomerClient.ReadProblemAsync(response);
        var text = problem.ToJsonString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("unexpected"));
            Assert.That(problem["traceId"], Is.Not.Null);
            Assert.That(text, Does.Not.Contain("Npgsql").And.Not.Contain("   at ").And.Not.Contain("relation"));
        }
    }

    [Test]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var response = await Api.Http.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await CustomerClient.ReadProblemAsync(response);
    }
}
