using Orders.Tests.EndToEnd;

namespace Orders.Tests.Cli;

/// <summary>The check against a system that has just taken orders down several paths: at rest, every invariant holds.</summary>
public sealed class CheckTests : RunningSystem
{
    [Test]
    public async Task Once_orders_of_every_path_are_final_the_check_finds_every_invariant_holding_and_exits_0()
    {
        var completed = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(1)));
        var declined = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(2), paymentToken: "tok_declined"));
        var undeliverable = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(3), country: "ZZ"));
        var flaky = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(4), paymentToken: "tok_flaky"));
        var cancelled = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(5), paymentToken: "tok_timeout"));
        using (var cancel = await Alice.Http.PostAsync(new Uri($"/orders/{cancelled}/cancel", UriKind.Relative), null))
        {
            Assert.That(cancel.IsSuccessStatusCode, Is.True, await cancel.Content.ReadAsStringAsync());
        }

        foreach (var order in new[] { completed, declined, undeliverable, flaky, cancelled })
        {
            await Alice.FinalAsync(order);
        }

        // Final in `ordering` comes a moment before the last effects (refund, stock release) and the outboxes drain.
        await System.UntilQuiet();
        var (exitCode, output) = await CliProcess.RunAsync(TimeSpan.FromSeconds(30), "check", "--database", Database.ConnectionString, "--stuck-after", "00:00:01");

        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("invariants hold."));
    }
}
