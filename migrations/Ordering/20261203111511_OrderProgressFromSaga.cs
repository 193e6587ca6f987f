using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orders.Migrations.Ordering
{
    /// <inheritdoc />
    public partial class OrderProgressFromSaga : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_timeline",
                schema: "ordering");

            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_cancelled_has_reason",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_status",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "cancellation_reason",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "payment_id",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "status",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "tracking_number",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "updated_at",
                schema: "ordering",
                table: "orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cancellation_reason",
                schema: "ordering",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payment_id",
                schema: "ordering",
                table: "orders",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                schema: "ordering",
                table: "orders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "tracking_number",
                schema: "ordering",
                table: "orders",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                schema: "ordering",
                table: "orders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "order_timeline",
                schema: "ordering",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    detail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_timeline", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_timeline_orders_order_id",
                        column: x => x.order_id,
                        principalSchema: "ordering",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_cancelled_has_reason",
                schema: "ordering",
                table: "orders",
                sql: "status <> 'Cancelled' OR cancellation_reason IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_status",
                schema: "ordering",
                table: "orders",
                sql: "status IN ('Submitted', 'Paid', 'Shipped', 'Completed', 'Cancelled')");

            migrationBuilder.CreateIndex(
                name: "ux_order_timeline_order_id_status",
                schema: "ordering",
                table: "order_timeline",
                columns: new[] { "order_id", "status" },
                unique: true);
        }
    }
}
