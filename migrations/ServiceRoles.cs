using Npgsql;
using Orders.Api.Data;
using Orders.Api.Ops;
using Orders.Contracts.ReadModel;
using Orders.Inventory.Data;
using Orders.Workers.Payments;
using Orders.Workers.Shipping;
using Orders.Workers.Workflow;

namespace Orders.Migrations;

/// <summary>
/// The PostgreSQL role each service runs as, and the schemas it may use. The migrator's role owns every schema; a
/// service's role owns nothing and gets only data rights (no DDL) on its own schemas, so that a leaked service password
/// or an injection in one service reaches that service's rows and nothing else.
/// </summary>
/// <remarks>
/// Roles are cluster-wide and the migrator may not create them: scripts/services.sh (development), compose's init
/// script or an operator creates them first (scripts/service-roles.sql, docs/security.md).
/// </remarks>
public static class ServiceRoles
{
    public const string Api = "orders_api";
    public const string Inventory = "orders_inventory";
    public const string Workers = "orders_workers";

    /// <summary>Every service role with the schemas it may read and write.</summary>
    public static readonly IReadOnlyList<(string Role, string Schema)> Grants =
    [
        (Api, OrderingDbContext.Schema),
        (Inventory, InventoryDbContext.Schema),
        (Workers, WorkflowDbContext.Schema),
        (Workers, PaymentsDbContext.Schema),
        (Workers, ShippingDbContext.Schema),
    ];

    /// <summary>
    /// Read-only windows into another service's schema, by view: the role sees the view's columns and nothing else of
    /// that schema (the view runs with its owner's rights, so the tables behind it stay refused).
    /// </summary>
    public static readonly IReadOnlyList<(string Role, string Schema, string View)> Views =
    [
        (Api, OrderProgressView.Schema, OrderProgressView.Name),

        // The operations console, served by the Api (docs/operations.md).
        .. OpsViews.Granted().Select(view => (Api, view.Schema, view.View)),
    ];

    /// <summary>
    /// Grants each role its schemas' present and future tables and sequences (future ones: default privileges of the
    /// migrator's role, which creates them). Idempotent.
    /// </summary>
    public static async Task GrantAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (role, schema) in Grants)
        {
            await using var grant = new NpgsqlCommand(GrantSql(role, schema), connection, transaction);
            try
            {
                await grant.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedObject)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL role {role} does not exist: create the service roles first (scripts/services.sh up, or scripts/service-roles.sql; see docs/security.md).",
                    exception);
            }
        }

        foreach (var (role, schema, view) in Views)
        {
            await using var grant = new NpgsqlCommand($"""GRANT USAGE ON SCHEMA "{schema}" TO "{role}"; GRANT SELECT ON "{schema}"."{view}" TO "{role}";""", connection, transaction);
            await grant.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string GrantSql(string role, string schema) =>
        $"""
        GRANT USAGE ON SCHEMA "{schema}" TO "{role}";
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}";
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}";
        ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}";
        ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{role}";
        REVOKE INSERT, UPDATE, DELETE ON "{schema}"."__EFMigrationsHistory" FROM "{role}";
        """;
}
