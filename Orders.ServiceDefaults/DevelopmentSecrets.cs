using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orders.ServiceDefaults.Broker;

namespace Orders.ServiceDefaults;

/// <summary>
/// The database password and RabbitMQ user that scripts/services.sh and compose.yaml create are in the repository for
/// anyone to read, so a Production host refuses to start with them, naming the setting to fix.
/// </summary>
public static class DevelopmentSecrets
{
    private const string DatabasePassword = "orders";
    private const string BrokerUser = "orders:orders";

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
                && new NpgsqlConnectionStringBuilder(connectionString).Password == DatabasePassword)
            {
                throw new InvalidOperationException($"ConnectionStrings:{name} uses the development password; set ConnectionStrings__{name}.");
            }
        }

        if (configuration.GetConnectionString("RabbitMq") is { Length: > 0 } broker
            && Uri.UnescapeDataString(BrokerAddress.Parse(broker).Uri.UserInfo) == BrokerUser)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:RabbitMq uses the development RabbitMQ user ({BrokerUser}); set ConnectionStrings__RabbitMq.");
        }
    }
}
