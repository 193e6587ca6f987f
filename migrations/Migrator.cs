using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orders.Api.Data;
using Orders.Inventory.Data;
using Orders.Workers.Payments;
using Orders.Workers.Shipping;
using Orders.Workers.Workflow;

namespace Orders.Migrations;

/// <summary>
/// Applies every service's migrations to its own schema, then grants each service's role its schemas
/// (<see cref="ServiceRoles"/>). The one-shot migrator and the tests both call it.
/// </summary>
public static class Migrator
{
    /// <summary>The development database of <c>scripts/services.sh</c>; deployments set <c>ConnectionStrings__Migrations</c>.</summary>
    public const string DevelopmentConnectionString = "Host=127.0.0.1;Port=5432;Database=orders;Username=orders;Password=orders";

    // One line per schema, applied in this order. Workflow goes before ordering: its OrderTimeline migration copies the
    // timelines of an older ordering schema into the saga before ordering's OrderProgressFromSaga drops them.
    private static readonly (string Schema, Func<string, DbContext> CreateContext)[] Schemas =
    [
        (InventoryDbContext.Schema, InventoryContextFactory.Create),
        (WorkflowDbContext.Schema, WorkflowContextFactory.Create),
        (OrderingDbContext.Schema, OrderingContextFactory.Create),
        (PaymentsDbContext.Schema, PaymentsContextFactory.Create),
        (ShippingDbContext.Schema, ShippingContextFactory.Create),
    ];

    /// <summary>Applies every pending migration and the service roles' grants; returns what it applied as <c>schema/migration</c>.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken) =>
        MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);

    /// <inheritdoc cref="MigrateAsync(string, CancellationToken)"/>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var applied = new List<string>();
        foreach (var (schema, createContext) in Schemas)
        {
            await using var db = createContext(connectionString);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                logger.LogInformation("Schema {Schema} is up to date", schema);
                continue;
            }

            await db.Database.MigrateAsync(cancellationToken);
            foreach (var migration in pending)
            {
                logger.LogInformation("Applied {Migration} to schema {Schema}", migration, schema);
                applied.Add($"{schema}/{migration}");
            }
        }

        await ServiceRoles.GrantAsync(connectionString, cancellationToken);
        logger.LogInformation("Granted the service roles their schemas");
        return applied;
    }
}
