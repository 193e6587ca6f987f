using System.Net;
using Orders.Testing;

namespace Orders.Tests.Faults;

/// <summary>
/// A Workers process killed (kill -9) while orders are in flight, then started again: messages it had taken but not
/// acknowledged are delivered again, and the inbox and unique effects make the second delivery harmless.
/// </summary>
public sealed class WorkerCrashTests : FaultSystem
{
    [Test]
    public Task Every_order_reaches_its_final_status_once_after_a_workers_process_is_killed_mid_stream() => RoundsAsync(async _ =>
    {
        var before = await Effects.FinalOrdersAsync(DatabaseConnectionString);
        var traffic = OrderTraffic.Start(Alice, Orders(30), StreamSkus);

        // Killed once the first orders are final and the rest are still on their way: some mid-saga, some mid-payment.
        Assert.That(await Eventually.Holds(async () => await Effects.FinalOrdersAsync(DatabaseConnectionString) >= before + 3, TimeSpan.FromMinutes(2)),
            Is.True, "orders were being processed");
        await WorkersProcess.StopAsync();

        await traffic.Completion;
        Assert.That(traffic.Answers.Select(answer => answer.Status), Is.All.EqualTo(HttpStatusCode.Accepted), "the API takes orders while Workers is down");

        WorkersProcess.Start();
        await WhenReadyAsync(WorkersProcess);
        await AssertSettledAsync(traffic.Accepted);
    });
}
