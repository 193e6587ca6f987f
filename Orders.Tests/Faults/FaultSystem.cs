using System.Globalization;
using Orders.Testing;
using Orders.Tests.Cli;
using Orders.Tests.EndToEnd;
using static Orders.Tests.EndToEnd.OrderRequests;

namespace Orders.Tests.Faults;

/// <summary>
/// The running system under a fault: streams of orders down every path while a process or server is killed or
/// restarted, then proof that the failure promises held. Run alone after the other tests (2 cores: CPU contention
/// would make deadlines flaky). With <c>ORDERS_SOAK_MINUTES</c> set, each test repeats its round, with longer streams,
/// until that many minutes have passed (<c>scripts/orders.sh soak</c>).
/// </summary>
[Category(TestCategories.Disruptive)]
[NonParallelizable]
public abstract class FaultSystem : RunningSystem
{
    /// <summary>The demo catalogue's stock of every SKU when the system starts.</summary>
    protected const int InitialStock = 1000;

    private static readonly TimeSpan SettleDeadline = TimeSpan.FromMinutes(3);

    /// <summary>The soak duration, or null for the bounded run of CI.</summary>
    protected static TimeSpan? Soak { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("ORDERS_SOAK_MINUTES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;

    /// <summary>Long enough never to fire while a fault delays payment: each path then has one expected outcome.</summary>
    protected override TimeSpan? WorkflowPaymentTimeout => TimeSpan.FromMinutes(30);

    /// <summary>SKUs of the demo catalogue that only this class's streams use, so that their stock figures are the streams' own.</summary>
    protected static IReadOnlyList<string> StreamSkus { get; } = [Sku(20), Sku(21), Sku(22), Sku(23)];

    /// <summary>A stream length: as given in CI, four times as long in a soak.</summary>
    protected static int Orders(int count) => Soak is null ? count : count * 4;

    /// <summary>Runs <paramref name="round"/> once, or again and again until the soak duration has passed.</summary>
    protected static async Task RoundsAsync(Func<int, Task> round)
    {
        var until = DateTime.UtcNow + (Soak ?? TimeSpan.Zero);
        var number = 0;
        do
        {
            await round(++number);
            await TestContext.Out.WriteLineAsync($"round {number} held");
        }
        while (DateTime.UtcNow < until);
    }

    /// <summary>
    /// Every order reached the final status of its path, with exactly the charges, refunds and shipments of that path;
    /// stock is conserved (on hand + committed = initial, nothing reserved); no message failed into an <c>_error</c> queue;
    /// and <c>orders check</c> exits 0.
    /// </summary>
    protected async Task AssertSettledAsync(IReadOnlyCollection<StreamedOrder> orders)
    {
        Assert.That(orders, Is.Not.Empty, "the stream placed orders");
        foreach (var order in orders)
        {
            var final = await Alice.FinalAsync(order.Id, SettleDeadline);
            if (order.Path.FinalStatus is { } expected)
            {
                Assert.That(final["status"]!.GetValue<string>(), Is.EqualTo(expected), $"order {order.Id} ({order.Path.Name})");
            }
        }

        // The last effects (a refund, a stock release) follow the final status by a moment.
        var mismatches = await Eventually.Until(async () => EffectMismatches(orders, await Effects.PerOrderAsync(DatabaseConnectionString)),
            found => found.Count == 0, SettleDeadline);
        Assert.That(mismatches, Is.Empty, "each order charged, refunded and shipped exactly as its path says, never twice");

        foreach (var sku in StreamSkus)
        {
            var stock = await Eventually.Until(() => Effects.StockAsync(DatabaseConnectionString, sku),
                seen => seen.Reserved == 0 && seen.OnHand + seen.Committed == InitialStock, SettleDeadline);
            Assert.That(stock.OnHand + stock.Committed, Is.EqualTo(InitialStock), $"{sku}: on hand + committed is the initial stock");
            Assert.That(stock.Reserved, Is.Zero, $"{sku}: nothing reserved at rest");
        }

        AssertNoFailedMessages(await QueuesAsync());
        await AssertInvariantCheckPassesAsync(DatabaseConnectionString);
    }

    /// <summary>The queues of the system's broker.</summary>
    protected virtual Task<IReadOnlyList<QueueDepth>> QueuesAsync() => VirtualHost.QueuesAsync();

    /// <summary>The operator's checker (<c>orders check</c>) finds every invariant holding and exits 0.</summary>
    public static async Task AssertInvariantCheckPassesAsync(string database)
    {
        var (exitCode, output) = await Eventually.Until(
            () => CliProcess.RunAsync(TimeSpan.FromMinutes(1), "check", "--database", database, "--stuck-after", "00:00:01"),
            run => run.ExitCode == 0, SettleDeadline);
        Assert.That(exitCode, Is.Zero, output);
    }

    /// <summary>No message failed its retries: every <c>_error</c> queue is empty (or was never created).</summary>
    private static void AssertNoFailedMessages(IEnumerable<QueueDepth> queues)
    {
        var failed = queues.Where(queue => queue.Name.EndsWith("_error", StringComparison.Ordinal) && queue.Messages > 0);
        Assert.That(failed.Select(queue => $"{queue.Name}: {queue.Messages}"), Is.Empty, "no message ended in an error queue");
    }

    /// <summary>Places one order and waits for it to complete: the whole chain works.</summary>
    protected async Task<StreamedOrder> OneOrderCompletesAsync()
    {
        var id = await Alice.PlaceAcceptedAsync(Order(StreamSkus[0]));
        await Alice.StatusAsync(id, "Completed", SettleDeadline);
        return new StreamedOrder(id, OrderPath.Completes, StreamSkus[0]);
    }

    private static List<string> EffectMismatches(IEnumerable<StreamedOrder> orders, IReadOnlyDictionary<Guid, OrderEffects> effects) =>
        [.. orders
            .Select(order => (order, seen: effects.GetValueOrDefault(order.Id)))
            .Where(x => x.seen is null || !x.order.Path.Accepts(x.seen.Status, x.seen.Charges, x.seen.Refunds, x.seen.Shipments))
            .Select(x => $"{x.order.Id} ({x.order.Path.Name}): {x.seen}")];
}
