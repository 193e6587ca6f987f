using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Orders.Migrations.Ordering
{
    /// <summary>The operations console: its audit log, each order's trace id, and the view of the outbox it reads.</summary>
    public partial class OpsConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_id",
                schema: "ordering",
                table: "orders",
                type: "char(32)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "ordering",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    target = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    outcome = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                schema: "ordering",
                table: "audit_log",
                column: "at");

            // The console reads every service's outbox through a view of this name (Orders.Api.Ops.OpsViews), the Api's own too.
            migrationBuilder.Sql("""
                CREATE VIEW ordering.ops_outbox AS
                SELECT sequence_number, message_type, destination_address, sent_time, enqueue_time, scheduling_token_id
                FROM ordering.outbox_messages
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW ordering.ops_outbox");
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "ordering");

            migrationBuilder.DropColumn(
                name: "trace_id",
                schema: "ordering",
                table: "orders");
        }
    }
}
