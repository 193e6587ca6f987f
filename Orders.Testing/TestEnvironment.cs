namespace Orders.Testing;

/// <summary>
/// Where the test servers are. The defaults match <c>scripts/services.sh up</c>; override them with
/// <c>ORDERS_TEST_POSTGRES</c> (an Npgsql connection string of a role that may create databases) and
/// <c>ORDERS_TEST_RABBITMQ_HOST</c>, <c>_PORT</c>, <c>_MANAGEMENT_PORT</c>, <c>_USER</c>, <c>_PASSWORD</c>; the services' own
/// PostgreSQL roles (scripts/service-roles.sql) log in with <c>ORDERS_TEST_SERVICE_PASSWORD</c>.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString { get; } =
        Environment.GetEnvironmentVariable("ORDERS_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=orders;Password=orders;Database=postgres";

    /// <summary>Password of the service roles orders_api, orders_inventory and orders_workers.</summary>
    public static string ServiceRolePassword { get; } = Environment.GetEnvironmentVariable("ORDERS_TEST_SERVICE_PASSWORD") ?? "orders";

    public static string RabbitMqHost { get; } = Environment.GetEnvironmentVariable("ORDERS_TEST_RABBITMQ_HOST") ?? "127.0.0.1";

    public static int RabbitMqPort { get; } = ReadInt("ORDERS_TEST_RABBITMQ_PORT", 5672);

    public static int RabbitMqManagementPort { get; } = ReadInt("ORDERS_TEST_RABBITMQ_MANAGEMENT_PORT", 15672);

    public static string RabbitMqUser { get; } = Environment.GetEnvironmentVariable("ORDERS_TEST_RABBITMQ_USER") ?? "orders";

    public static string RabbitMqPassword { get; } = Environment.GetEnvironmentVariable("ORDERS_TEST_RABBITMQ_PASSWORD") ?? "orders";

    private static int ReadInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
