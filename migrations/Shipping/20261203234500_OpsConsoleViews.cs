using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Workers.Shipping;

#nullable disable

namespace Orders.Migrations.Shipping
{
    /// <summary>
    /// The operations console's read-only windows into shipping (ServiceRoles grants the Api SELECT on them): each order's shipment, and the outbox without bodies or headers.
    /// </summary>
    [DbContext(typeof(ShippingDbContext))]
    [Migration("20261203234500_OpsConsoleViews")]
    public partial class OpsConsoleViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW shipping.ops_shipments AS
                SELECT order_id, tracking_number, failure_reason, country, created_at
                FROM shipping.shipments;
                CREATE VIEW shipping.ops_outbox AS
                SELECT sequence_number, message_type, destination_address, sent_time, enqueue_time, scheduling_token_id
                FROM shipping.outbox_messages;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW shipping.ops_outbox; DROP VIEW shipping.ops_shipments;");
        }
    }
}
