using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orders.ServiceDefaults.Broker;

namespace Orders.ServiceDefaults;

/// <summary>
/// The database and RabbitMQ passwords that scripts/services.sh and compose.yaml create are in the repository for anyone
/// to read, and RabbitMQ's guest user is for local development only, so a Production host refuses to start with them,
/// naming the setting to fix.
/// </summary>
public static class DevelopmentSecrets
{
    private const string DevelopmentPassword = "orders";
    private const string GuestUser = "guest";

    /// <param name="environment">Only Production refuses; development runs use these defaults on purpose.</param>
    /// <param name="configuration">Where the connection strings are read.</param>
    /// <param name="databases">The names of the host's PostgreSQL connection strings (<c>ConnectionStrings:&lt;name&gt;</c>).</param>
    public static void RefuseInProduction(IHostEnvironment environment, IConfiguration configuration, params string[] databases)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(databases);
        if (!environment.IsProduction())
        {
            return;
        }

        foreach (var name in databases)
        {
            if (configuration.GetConnectionString(name) is { } connectionString
                && new NpgsqlConnectionStringBuilder(connectionString).Password == DevelopmentPassword)
            {
                throw new InvalidOperationException($"ConnectionStrings:{name} uses the development password; set ConnectionStrings__{name}.");
            }
        }

        if (configuration.GetConnectionString("RabbitMq") is { Length: > 0 } rabbitMq
            && BrokerAddress.Parse(rabbitMq).Uri is { } broker)
        {
            var userInfo = Uri.UnescapeDataString(broker.UserInfo);
            var (user, password) = userInfo.Split(':', 2) is [var name, var secret] ? (name, secret) : (userInfo, string.Empty);
            if (user is GuestUser or "")
            {
                throw new InvalidOperationException(
                    "ConnectionStrings:RabbitMq uses RabbitMQ's guest user, which is for local development only; set ConnectionStrings__RabbitMq.");
            }

            if (password == DevelopmentPassword)
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:RabbitMq uses the development password (user {user}); set ConnectionStrings__RabbitMq.");
            }
        }
    }
}
