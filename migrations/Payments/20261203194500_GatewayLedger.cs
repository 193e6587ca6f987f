using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Orders.Workers.Payments;

#nullable disable

namespace Orders.Migrations.Payments
{
    /// <summary>
    /// The simulated gateway's own ledger: money as the bank moved it, one row per charge, decline and refund, appended
    /// and never updated. It has no key on the order on purpose: a second charge of one order must be possible to record,
    /// so that the invariants that look for one (scripts/orders.sh check) can find it. Not part of the payments model.
    /// </summary>
    [DbContext(typeof(PaymentsDbContext))]
    [Migration("20261203194500_GatewayLedger")]
    public partial class GatewayLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE payments.gateway_ledger (
                    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_gateway_ledger PRIMARY KEY,
                    idempotency_key uuid NOT NULL,
                    kind text NOT NULL CONSTRAINT ck_gateway_ledger_kind CHECK (kind IN ('charge', 'decline', 'refund')),
                    reference text NOT NULL,
                    amount numeric(12, 2) NOT NULL,
                    currency char(3) NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX ix_gateway_ledger_idempotency_key ON payments.gateway_ledger (idempotency_key);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE payments.gateway_ledger");
        }
    }
}
