using System.Net;
using Orders.Testing;
using Orders.Testing.Scheduling;
using Orders.Tests.EndToEnd;

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

    [Test]
    public async Task A_late_charge_is_refunded_although_the_workers_process_is_killed_between_the_capture_and_the_refund()
    {
        var id = await Alice.PlaceAcceptedAsync(OrderRequests.Order(Sku(24), paymentToken: "tok_late"));
        var reconciliation = await Eventually.Until(() => Payments.ReconciliationOfAsync(DatabaseConnectionString, id), token => token is not null);
        Assert.That(await ScheduledMessages.DueNowAsync(DatabaseConnectionString, "workflow", await Payments.PaymentTimeoutOfAsync(DatabaseConnectionString, id)), Is.EqualTo(1));
        Assert.That((await Alice.FinalAsync(id))["cancellationReason"]?.GetValue<string>(), Is.EqualTo("payment_timeout"));

        // The cancellation's own messages go out first: rows a killed process had not sent wait a whole lease (a minute)
        // for another process to take them over, and that recovery is the first test's subject, not this one's.
        await System.UntilQuiet();

        // The money is taken and the order cancelled; nothing but the scheduled reconciliation, in the database, remembers
        // that it must come back. It falls due while no Workers process runs.
        await WorkersProcess.StopAsync();
        Assert.That(await ScheduledMessages.DueNowAsync(DatabaseConnectionString, "payments", reconciliation!.Value), Is.EqualTo(1));
        WorkersProcess.Start();
        await WhenReadyAsync(WorkersProcess);

        Assert.That(await Eventually.Until(() => Payments.GatewayRefundsOfAsync(DatabaseConnectionString, id), refunds => refunds > 0), Is.EqualTo(1));
        await System.UntilQuiet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Payments.ChargesOfAsync(DatabaseConnectionString, id), Is.EqualTo(1));
            Assert.That(await Payments.GatewayRefundsOfAsync(DatabaseConnectionString, id), Is.EqualTo(1));
        }

        await AssertInvariantCheckPassesAsync(DatabaseConnectionString);
    }
}
