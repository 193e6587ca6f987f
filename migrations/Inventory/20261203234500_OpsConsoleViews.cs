using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Inventory.Data;

#nullable disable

namespace Orders.Migrations.Inventory
{
    /// <summary>
    /// The operations console's read-only window into Inventory (ServiceRoles grants the Api SELECT on it): each order's reservation and its lines.
    /// </summary>
    [DbContext(typeof(InventoryDbContext))]
    [Migration("20261203234500_OpsConsoleViews")]
    public partial class OpsConsoleViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIEW inventory.ops_reservations AS
                SELECT r.order_id, r.status, r.created_at, r.expires_at, r.updated_at,
                       (SELECT json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.sku)
                        FROM inventory.reservation_lines l WHERE l.order_id = r.order_id) AS lines
                FROM inventory.reservations r;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW inventory.ops_reservations;");
        }
    }
}
