using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Workers.Payments;

#nullable disable

namespace Orders.Migrations.Payments
{
    /// <summary>
    /// The operations console's read-only windows into payments (ServiceRoles grants the Api SELECT on them): each order's payment with its refund, and the outbox without bodies or headers.
    /// </summary>
    [DbContext(typeof(PaymentsDbContext))]
    [Migration("20261203234500_OpsConsoleViews")]
    public partial class OpsConsoleViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW payments.ops_payments AS
                SELECT p.order_id, p.status, p.payment_id, p.decline_reason, p.amount, p.currency, p.created_at,
                       r.refund_id, r.amount AS refunded_amount, r.refunded_at
                FROM payments.payments p LEFT JOIN payments.refunds r ON r.order_id = p.order_id;
                CREATE VIEW payments.ops_outbox AS
                SELECT sequence_number, message_type, destination_address, sent_time, enqueue_time, scheduling_token_id
                FROM payments.outbox_messages;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW payments.ops_outbox; DROP VIEW payments.ops_payments;");
        }
    }
}
