using Npgsql;
using Orders.Cli.Check;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Tests.Cli;

/// <summary>Each invariant, broken by rows written straight into a migrated database, fails the check by name.</summary>
public sealed class CheckFindsBrokenInvariantsTests
{
    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestDatabase.CreateAsync(nameof(CheckFindsBrokenInvariantsTests));
        await Migrator.MigrateAsync(_database.ConnectionString, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [SetUp]
    public Task EmptyTheTables() => ExecuteAsync(
        """
        TRUNCATE ordering.orders, ordering.outbox_messages, workflow.order_states, payments.payments, payments.refunds,
                 payments.gateway_ledger, shipping.shipments,
                 inventory.stock, inventory.products, inventory.reservations, inventory.reservation_lines CASCADE
        """);

    [Test]
    public async Task An_empty_system_breaks_no_invariant()
    {
        var (exitCode, output) = await CheckAsync();

        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public async Task An_order_submitted_an_hour_ago_and_still_paid_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO ordering.orders (id, customer_id, total, currency, created_at)
            VALUES ('{order}', 'alice', 10, 'EUR', now() - interval '1 hour');
            INSERT INTO workflow.order_states (order_id, current_state, items, total, created_at, updated_at)
            VALUES ('{order}', 'Paid', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, ProgressInvariants.OrdersReachAFinalStatus, order.ToString());
    }

    [Test]
    public async Task An_order_the_saga_never_took_in_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO ordering.orders (id, customer_id, total, currency, created_at)
            VALUES ('{order}', 'alice', 10, 'EUR', now() - interval '1 hour')
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, ProgressInvariants.OrdersReachAFinalStatus, order.ToString());
    }

    [Test]
    public async Task Stock_reserved_without_a_reservation_holding_it_is_reported_and_exits_1()
    {
        await ExecuteAsync(
            """
            INSERT INTO inventory.products (sku, name, unit_price, currency) VALUES ('SKU-9999', 'Lost widget', 1, 'EUR');
            INSERT INTO inventory.stock (sku, on_hand, reserved) VALUES ('SKU-9999', 10, 3);
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, StockInvariants.ReservedMatchesReservations, "SKU-9999");
    }

    [Test]
    public async Task An_outbox_message_pending_for_an_hour_is_reported_and_exits_1()
    {
        await ExecuteAsync(
            $"""
            INSERT INTO ordering.outbox_messages (outbox_id, message_id, sent_time, headers, content_type, body, destination_address)
            VALUES ('{Guid.NewGuid()}', '{Guid.NewGuid()}', now() - interval '1 hour', '{"{}"}', 'application/json', '{"{}"}', 'exchange:orders')
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, OutboxInvariants.OutboxesDrain, "ordering");
    }

    [Test]
    public async Task A_saga_instance_paid_an_hour_ago_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO workflow.order_states (order_id, current_state, items, total, created_at, updated_at)
            VALUES ('{order}', 'Paid', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, ProgressInvariants.SagasReachAFinalState, order.ToString());
    }

    [Test]
    public async Task A_completed_order_whose_reservation_is_still_held_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO workflow.order_states (order_id, current_state, items, total, created_at, updated_at)
            VALUES ('{order}', 'Completed', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            INSERT INTO inventory.reservations (order_id, status, currency, created_at, expires_at, updated_at)
            VALUES ('{order}', 'Reserved', 'EUR', now() - interval '1 hour', now() + interval '1 day', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, StockInvariants.FinalOrdersSettledTheirReservation, order.ToString());
    }

    [Test]
    public async Task An_order_the_gateway_charged_twice_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO workflow.order_states (order_id, current_state, items, total, created_at, updated_at)
            VALUES ('{order}', 'Completed', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            INSERT INTO payments.gateway_ledger (idempotency_key, kind, reference, amount, currency, recorded_at)
            VALUES ('{order}', 'charge', 'pay_first', 10, 'EUR', now() - interval '1 hour'),
                   ('{order}', 'charge', 'pay_second', 10, 'EUR', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, EffectInvariants.ChargedAtMostOnce, order.ToString());
    }

    [Test]
    public async Task A_late_charge_of_a_cancelled_order_never_refunded_is_reported_and_exits_1()
    {
        // The payment service never learned of the capture (its row is still pending): only the gateway's books show it.
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO workflow.order_states (order_id, current_state, cancellation_reason, items, total, created_at, updated_at)
            VALUES ('{order}', 'Cancelled', 'payment_timeout', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            INSERT INTO payments.payments (order_id, status, amount, currency, created_at)
            VALUES ('{order}', 'Pending', 10, 'EUR', now() - interval '1 hour');
            INSERT INTO payments.gateway_ledger (idempotency_key, kind, reference, amount, currency, recorded_at)
            VALUES ('{order}', 'charge', 'pay_{order:N}', 10, 'EUR', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, EffectInvariants.ChargesAreKeptOrRefunded, order.ToString());
    }

    [Test]
    public async Task A_refund_the_gateway_made_without_a_charge_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO payments.gateway_ledger (idempotency_key, kind, reference, amount, currency, recorded_at)
            VALUES ('{order}', 'refund', 're_{order:N}', 10, 'EUR', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, EffectInvariants.RefundsNeverExceedCharges, order.ToString());
    }

    [Test]
    public async Task A_refund_of_a_declined_payment_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO payments.payments (order_id, status, decline_reason, amount, currency, created_at)
            VALUES ('{order}', 'Declined', 'card_declined', 10, 'EUR', now() - interval '1 hour');
            INSERT INTO payments.refunds (order_id, refund_id, payment_id, amount, currency, refunded_at)
            VALUES ('{order}', 're_{order:N}', 'pay_{order:N}', 10, 'EUR', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, EffectInvariants.RefundsHaveAPayment, order.ToString());
    }

    [Test]
    public async Task A_cancelled_order_that_was_shipped_is_reported_and_exits_1()
    {
        var order = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO workflow.order_states (order_id, current_state, cancellation_reason, items, total, created_at, updated_at)
            VALUES ('{order}', 'Cancelled', 'cancelled_by_customer', '[]', 10, now() - interval '1 hour', now() - interval '1 hour');
            INSERT INTO shipping.shipments (order_id, tracking_number, country, created_at)
            VALUES ('{order}', 'TRKGB{order:N}', 'GB', now() - interval '1 hour');
            """);

        var (exitCode, output) = await CheckAsync();

        AssertBroken(exitCode, output, EffectInvariants.NoCancelledOrderShipped, order.ToString());
    }

    private static void AssertBroken(int exitCode, string output, Invariant invariant, string offending)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain(invariant.Name));
            Assert.That(output, Does.Contain("BROKEN"));
            Assert.That(output, Does.Contain(offending));
        }
    }

    private Task<(int ExitCode, string Output)> CheckAsync() =>
        CliProcess.RunAsync(TimeSpan.FromSeconds(30), "check", "--database", _database.ConnectionString, "--stuck-after", "00:01:00");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
