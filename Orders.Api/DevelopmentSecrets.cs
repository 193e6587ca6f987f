using Npgsql;

namespace Orders.Api;

/// <summary>
/// The database password and RabbitMQ user that scripts/services.sh and compose.yaml create are in the repository for
/// anyone to read, so a Production host refuses to start with them (the signing key: <c>AuthOptions.EnsureUsable</c>).
/// </summary>
internal static class DevelopmentSecrets
{
    private const string DatabasePassword = "orders";
    private const string BrokerUser = "orders:orders";

    public static void RefuseInProduction(IHostEnvironment environment, IConfiguration configuration)
    {
        if (!environment.IsProduction())
        {
            return;
        }

        if (configuration.GetConnectionString("Ordering") is { } ordering && new NpgsqlConnectionStringBuilder(ordering).Password == DatabasePassword)
        {
            throw new InvalidOperationException("ConnectionStrings:Ordering uses the development password; set ConnectionStrings__Ordering.");
        }

        if (Uri.TryCreate(configuration.GetConnectionString("RabbitMq"), UriKind.Absolute, out var broker)
            && Uri.UnescapeDataString(broker.UserInfo) == BrokerUser)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:RabbitMq uses the development RabbitMQ user ({BrokerUser}); set ConnectionStrings__RabbitMq.");
        }
    }
}
