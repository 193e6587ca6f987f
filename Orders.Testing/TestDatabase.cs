using Npgsql;

namespace Orders.Testing;

/// <summary>
/// A PostgreSQL database that lives as long as one test class: created empty, dropped with everything in it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Connection string of the new database (pooling on, as the services use it).</summary>
    public string ConnectionString { get; }

    /// <summary>The same database as one of the services' own roles (orders_api, …) logs in: as a service runs.</summary>
    public string ConnectionStringAs(string role) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = role, Password = TestEnvironment.ServiceRolePassword }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync(string purpose, CancellationToken cancellationToken = default)
    {
        // At most 2 + 24 + 1 + 32 characters: within PostgreSQL's 63.
        var name = $"t_{Sanitize(purpose)}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the test's hosts still point at the database; FORCE ends them.
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);

        // A backend of another role (an autovacuum worker finishing its pass) cannot be ended by this role; it ends on
        // its own within moments, so the drop is retried until a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse
                                                      && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static string Sanitize(string purpose)
    {
        var chars = purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c)).Take(24).ToArray();
        return new string(chars);
    }
}
