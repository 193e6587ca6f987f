using System.Net;
using System.Text.Json.Nodes;
using Orders.Testing;
using Orders.Tests.Faults;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.EndToEnd;

/// <summary>While Inventory is down the API answers 503 quickly and stores nothing; when it is back, orders flow again.</summary>
public sealed class InventoryOutageTests : RunningSystem
{
    [Test]
    public async Task With_inventory_stopped_an_order_gets_503_and_nothing_is_stored()
    {
        await InventoryProcess.StopAsync();
        try
        {
            using var response = await Alice.PlaceAsync(Order(Sku(12)));

            var problem = await response.ProblemAsync();
            Assert.Multiple(async () =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), problem.ToJsonString());
                Assert.That(response.Headers.RetryAfter, Is.Not.Null);
                Assert.That(problem["type"]!.GetValue<string>(), Does.EndWith("dependency-unavailable"));
                using var list = await Alice.Http.GetAsync("/orders");
                Assert.That(JsonNode.Parse(await list.Content.ReadAsStringAsync())!["items"]!.AsArray(), Is.Empty, "no order is stored");
            });
        }
        finally
        {
            InventoryProcess.Start();
        }

        var status = await Eventually.Until(
            async () =>
            {
                using var retry = await Alice.PlaceAsync(Order(Sku(12)), idempotencyKey: "after-outage");
                return retry.StatusCode;
            },
            answer => answer is HttpStatusCode.Accepted or HttpStatusCode.OK,
            TimeSpan.FromSeconds(60));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted).Or.EqualTo(HttpStatusCode.OK), "orders flow again once Inventory is back");
        using (var again = await Alice.PlaceAsync(Order(Sku(12)), idempotencyKey: "after-outage"))
        {
            await Alice.StatusAsync(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["orderId"]!.GetValue<Guid>(), "Completed");
        }

        await FaultSystem.AssertInvariantCheckPassesAsync(DatabaseConnectionString);
    }
}
