using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Workers.Workflow;

#nullable disable

namespace Orders.Migrations.Workflow
{
    /// <summary>
    /// The operations console's read-only windows into the saga (ServiceRoles grants the Api SELECT on them): each order's saga state without its payment token or address, and the outbox without bodies or headers.
    /// </summary>
    [DbContext(typeof(WorkflowDbContext))]
    [Migration("20261203234500_OpsConsoleViews")]
    public partial class OpsConsoleViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW workflow.ops_order_states AS
                SELECT order_id, current_state, cancellation_reason, customer_id, payment_id, tracking_number,
                       payment_timeout_token_id, submitted_at, created_at, updated_at, timeline
                FROM workflow.order_states;
                CREATE VIEW workflow.ops_outbox AS
                SELECT sequence_number, message_type, destination_address, sent_time, enqueue_time, scheduling_token_id
                FROM workflow.outbox_messages;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW workflow.ops_outbox; DROP VIEW workflow.ops_order_states;");
        }
    }
}
