using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Testing;
using Orders.Workers.Payments;
using Orders.Workers.Tests.Hosting;

namespace Orders.Workers.Tests.Payments;

/// <summary>The payments endpoint on real PostgreSQL and RabbitMQ, in a host that runs only the payments role.</summary>
public sealed class PaymentsTests : WorkersFixture
{
    protected override string Roles => "payments";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:GatewayTimeout"] = "00:00:00.300",
        ["Payments:ReconcileAfter"] = "00:00:00.500",
    };

    private SimulatedPaymentGateway Gateway => Workers.Get<SimulatedPaymentGateway>();

    private GatewayLedger Ledger => Workers.Get<GatewayLedger>();

    [Test]
    public async Task Processing_a_payment_twice_charges_once_and_answers_both()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 39.80m, "EUR", "tok_visa"));
        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 39.80m, "EUR", "tok_visa"));

        var answers = await Events.WaitForAsync<PaymentCompleted>(x => x.OrderId == orderId, count: 2);
        await using var db = OpenPayments();
        var payment = await db.Payments.SingleAsync(x => x.OrderId == orderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Ledger.CountAsync(orderId, GatewayLedger.Charge), Is.EqualTo(1));
            Assert.That(Gateway.AttemptsFor(orderId), Is.EqualTo(1), "the second request is answered from the stored payment");
            Assert.That(payment.Status, Is.EqualTo(PaymentStatus.Approved));
            Assert.That(answers.Select(x => x.PaymentId).Distinct(), Is.EqualTo(new[] { payment.PaymentId }));
            Assert.That(answers[0].Amount, Is.EqualTo(39.80m));
        }
    }

    [Test]
    public async Task Flaky_gateway_is_retried_until_it_approves_and_charges_once()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 10m, "EUR", "tok_flaky"));

        await Events.WaitForAsync<PaymentCompleted>(x => x.OrderId == orderId);
        await using var db = OpenPayments();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Gateway.AttemptsFor(orderId), Is.EqualTo(3));
            Assert.That(await Ledger.CountAsync(orderId, GatewayLedger.Charge), Is.EqualTo(1));
            Assert.That(await db.Payments.CountAsync(x => x.OrderId == orderId && x.Status == PaymentStatus.Approved), Is.EqualTo(1));
        }
    }

    [TestCase("tok_declined", "card_declined")]
    [TestCase("tok_insufficient_funds", "insufficient_funds")]
    public async Task Declining_token_publishes_payment_failed(string token, string reason)
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 10m, "EUR", token));

        var failed = (await Events.WaitForAsync<PaymentFailed>(x => x.OrderId == orderId)).Single();
        await using var db = OpenPayments();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Reason, Is.EqualTo(reason));
            Assert.That(await Ledger.CountAsync(orderId, GatewayLedger.Charge), Is.Zero);
            Assert.That((await db.Payments.SingleAsync(x => x.OrderId == orderId)).Status, Is.EqualTo(PaymentStatus.Declined));
        }
    }

    [Test]
    public async Task Gateway_that_never_answers_leaves_the_payment_pending_and_announces_nothing()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 10m, "EUR", "tok_timeout"));

        await using var db = OpenPayments();
        var payment = await Eventually.Until(() => db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.OrderId == orderId), found => found is not null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(payment?.Status, Is.EqualTo(PaymentStatus.Pending));
            // The row and any answer commit together: once the row is there, an answer would have been too.
            Assert.That(Events.Of<PaymentCompleted>(x => x.OrderId == orderId), Is.Empty);
            Assert.That(Events.Of<PaymentFailed>(x => x.OrderId == orderId), Is.Empty);
        }
    }

    [Test]
    public async Task A_charge_captured_after_its_answer_was_lost_is_reconciled_and_announced_once()
    {
        var orderId = Guid.NewGuid();

        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 12.5m, "EUR", "tok_late"));

        var completed = (await Events.WaitForAsync<PaymentCompleted>(x => x.OrderId == orderId)).Single();
        await using var db = OpenPayments();
        var payment = await db.Payments.AsNoTracking().SingleAsync(x => x.OrderId == orderId);
        var charge = await Ledger.FindChargeAsync(orderId, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(payment.Status, Is.EqualTo(PaymentStatus.Approved));
            Assert.That(payment.PaymentId, Is.EqualTo(charge?.Reference), "the payment id is the gateway's");
            Assert.That(completed.PaymentId, Is.EqualTo(charge?.Reference));
            Assert.That(completed.Amount, Is.EqualTo(12.5m));
            Assert.That(await Ledger.CountAsync(orderId, GatewayLedger.Charge), Is.EqualTo(1));
            Assert.That(Gateway.AttemptsFor(orderId), Is.EqualTo(1), "reconciliation asks for the outcome, it never charges again");
        }
    }

    [Test]
    public async Task Refunding_twice_refunds_once()
    {
        var orderId = Guid.NewGuid();
        await Observer.SendAsync(Endpoints.Payments, new ProcessPayment(orderId, 25m, "EUR", "tok_visa"));
        var paid = (await Events.WaitForAsync<PaymentCompleted>(x => x.OrderId == orderId)).Single();

        await Observer.SendAsync(Endpoints.Payments, new RefundPayment(orderId));
        await Observer.SendAsync(Endpoints.Payments, new RefundPayment(orderId));

        var refunds = await Events.WaitForAsync<PaymentRefunded>(x => x.OrderId == orderId, count: 2);
        await using var db = OpenPayments();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Gateway.RefundAttemptsFor(orderId), Is.EqualTo(1), "the second request is answered from the stored refund");
            Assert.That(await db.Refunds.CountAsync(x => x.OrderId == orderId), Is.EqualTo(1));
            Assert.That(refunds.Select(x => (x.PaymentId, x.Amount)).Distinct(), Is.EqualTo(new[] { (paid.PaymentId, 25m) }));
        }
    }

    [Test]
    public void Readiness_checks_the_database_and_the_bus()
    {
        var checks = Workers.Get<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Where(check => check.Tags.Contains("ready"))
            .Select(check => check.Name)
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(checks, Does.Contain("payments-database"));
            Assert.That(checks, Does.Contain("masstransit-bus"));
        }
    }

    [Test]
    public async Task Payments_host_serves_only_its_queue_and_is_ready()
    {
        using var ready = await Workers.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // The management API samples its figures every few seconds.
        var payments = await Eventually.Until(() => VirtualHost.GetQueueAsync(Endpoints.Payments), queue => queue is { Consumers: 1 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ready.IsSuccessStatusCode, Is.True, await ready.Content.ReadAsStringAsync());
            Assert.That(payments?.Consumers, Is.EqualTo(1));
            Assert.That(await VirtualHost.GetQueueAsync(Endpoints.OrderSaga), Is.Null);
            Assert.That(await VirtualHost.GetQueueAsync(Endpoints.Shipping), Is.Null);
            Assert.That(await VirtualHost.GetQueueAsync(Endpoints.Stock), Is.Null);
        }
    }
}
