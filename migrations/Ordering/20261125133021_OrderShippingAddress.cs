using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Migrations.Ordering
{
    /// <inheritdoc />
    public partial class OrderShippingAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "shipping_city",
                schema: "ordering",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shipping_country",
                schema: "ordering",
                table: "orders",
                type: "char(2)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shipping_line1",
                schema: "ordering",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shipping_name",
                schema: "ordering",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shipping_postal_code",
                schema: "ordering",
                table: "orders",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_shipping_address_whole",
                schema: "ordering",
                table: "orders",
                sql: "num_nulls(shipping_name, shipping_line1, shipping_city, shipping_postal_code, shipping_country) IN (0, 5)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_shipping_address_whole",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipping_city",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipping_country",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipping_line1",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipping_name",
                schema: "ordering",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipping_postal_code",
                schema: "ordering",
                table: "orders");
        }
    }
}
