using Npgsql;
using Orders.Migrations;
using Orders.Testing;

namespace Orders.Tests.Schema;

/// <summary>
/// Each service's PostgreSQL role, on a freshly migrated database: it reads and writes its own schemas, and PostgreSQL
/// refuses it every other service's schema and any change of structure.
/// </summary>
public sealed class ServiceRoleTests
{
    // One table of each schema, to read and write.
    private static readonly Dictionary<string, string> Tables = new()
    {
        ["ordering"] = "ordering.orders",
        ["inventory"] = "inventory.stock",
        ["workflow"] = "workflow.order_states",
        ["payments"] = "payments.payments",
        ["shipping"] = "shipping.shipments",
    };

    // What each service may touch, written out here rather than read from ServiceRoles, so that a grant too many fails.
    private static readonly (string Role, string Schema)[] Own =
    [
        ("orders_api", "ordering"),
        ("orders_inventory", "inventory"),
        ("orders_workers", "workflow"),
        ("orders_workers", "payments"),
        ("orders_workers", "shipping"),
    ];

    private TestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestDatabase.CreateAsync(nameof(ServiceRoleTests));
        await Migrator.MigrateAsync(_database.ConnectionString, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    public static IEnumerable<TestCaseData> OwnSchemas() =>
        Own.Select(grant => new TestCaseData(grant.Role, grant.Schema).SetArgDisplayNames(grant.Role, grant.Schema));

    public static IEnumerable<TestCaseData> ForeignSchemas() =>
        from role in Own.Select(grant => grant.Role).Distinct()
        from schema in Tables.Keys
        where !Own.Contains((role, schema))
        select new TestCaseData(role, schema).SetArgDisplayNames(role, schema);

    [TestCaseSource(nameof(OwnSchemas))]
    public async Task A_service_role_reads_and_writes_its_own_schema(string role, string schema)
    {
        await using var connection = await OpenAsAsync(role);

        Assert.That(await ErrorOfAsync(connection, $"SELECT count(*) FROM {Tables[schema]}"), Is.Null);
        Assert.That(await ErrorOfAsync(connection, $"INSERT INTO {Tables[schema]} OVERRIDING SYSTEM VALUE SELECT * FROM {Tables[schema]} WHERE false"), Is.Null);
        Assert.That(await ErrorOfAsync(connection, $"DELETE FROM {Tables[schema]} WHERE false"), Is.Null);
    }

    [TestCaseSource(nameof(ForeignSchemas))]
    public async Task A_service_role_is_refused_another_services_schema(string role, string schema)
    {
        await using var connection = await OpenAsAsync(role);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ErrorOfAsync(connection, $"SELECT count(*) FROM {Tables[schema]}"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, $"INSERT INTO {Tables[schema]} OVERRIDING SYSTEM VALUE SELECT * FROM {Tables[schema]} WHERE false"),
                Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, $"DELETE FROM {Tables[schema]} WHERE false"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        }
    }

    [Test]
    public async Task The_api_role_reads_the_sagas_progress_view_and_cannot_write_through_it()
    {
        await using var connection = await OpenAsAsync("orders_api");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ErrorOfAsync(connection, "SELECT count(*) FROM workflow.order_progress"), Is.Null);
            Assert.That(await ErrorOfAsync(connection, "UPDATE workflow.order_progress SET status = 'Completed' WHERE false"),
                Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, "DELETE FROM workflow.order_progress WHERE false"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, "SELECT count(*) FROM workflow.inbox_messages"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        }
    }

    [TestCaseSource(nameof(OwnSchemas))]
    public async Task A_service_role_cannot_change_the_structure_of_its_schema(string role, string schema)
    {
        await using var connection = await OpenAsAsync(role);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ErrorOfAsync(connection, $"CREATE TABLE {schema}.intruder (id int)"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, $"DROP TABLE {Tables[schema]}"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await ErrorOfAsync(connection, $"INSERT INTO {schema}.\"__EFMigrationsHistory\" VALUES ('x', 'y')"),
                Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), "the migration history is the migrator's");
        }
    }

    [Test]
    public async Task Service_roles_are_plain_logins_that_own_nothing_and_the_schemas_belong_to_the_migrator()
    {
        await using var owner = new NpgsqlConnection(_database.ConnectionString);
        await owner.OpenAsync();
        var roles = Own.Select(grant => grant.Role).Distinct().ToArray();

        var privileged = await ScalarAsync(owner,
            "SELECT count(*) FROM pg_roles WHERE rolname = ANY(@roles) AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication)", roles);
        var owned = await ScalarAsync(owner,
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ANY(@roles)", roles);
        var schemasOfOthers = await ScalarAsync(owner,
            "SELECT count(*) FROM pg_namespace n WHERE n.nspname = ANY(@schemas) AND n.nspowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)",
            Tables.Keys.ToArray());
        var memberships = await ScalarAsync(owner,
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ANY(@roles)", roles);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(privileged, Is.Zero, "superuser, CREATEDB, CREATEROLE, BYPASSRLS or REPLICATION");
            Assert.That(owned, Is.Zero, "tables, sequences or views owned by a service role");
            Assert.That(schemasOfOthers, Is.Zero, "schemas not owned by the migrator's role");
            Assert.That(memberships, Is.Zero, "a service role that inherits another role's rights");
        }
    }

    private async Task<NpgsqlConnection> OpenAsAsync(string role)
    {
        var connection = new NpgsqlConnection(_database.ConnectionStringAs(role));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string?> ErrorOfAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException exception)
        {
            return exception.SqlState;
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, string[] names)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(sql.Contains("@roles", StringComparison.Ordinal) ? "roles" : "schemas", names);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
