using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Migrations.Workflow
{
    /// <inheritdoc />
    public partial class OrderTimeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "timeline",
                schema: "workflow",
                table: "order_states",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            // The Api's one window into this schema: an order's progress, read-only (ServiceRoles grants SELECT on it).
            migrationBuilder.Sql("""
                CREATE VIEW workflow.order_progress AS
                SELECT order_id, current_state AS status, cancellation_reason, payment_id, tracking_number, updated_at, timeline
                FROM workflow.order_states
                """);

            // Orders placed before this migration: their timelines move from the Api's old table into the saga, with instants
            // written as the saga writes them (UTC, microseconds, Z).
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                  IF to_regclass('ordering.order_timeline') IS NOT NULL THEN
                    UPDATE workflow.order_states s
                    SET timeline = t.entries
                    FROM (SELECT order_id,
                                 jsonb_agg(jsonb_build_object(
                                     'status', status,
                                     'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                     'detail', detail) ORDER BY at, id) AS entries
                          FROM ordering.order_timeline GROUP BY order_id) t
                    WHERE t.order_id = s.order_id;
                  END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW workflow.order_progress");
            migrationBuilder.DropColumn(
                name: "timeline",
                schema: "workflow",
                table: "order_states");
        }
    }
}
