using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Orders.Migrations;

/// <summary>
/// The database password that scripts/services.sh and compose.yaml create is in the repository for anyone to read,
/// so the migrator refuses it in Production, where it would otherwise migrate a database anyone can log into.
/// </summary>
internal static class DevelopmentSecrets
{
    private const string DatabasePassword = "orders";

    public static void RefuseInProduction(IHostEnvironment environment, string connectionString)
    {
        if (environment.IsProduction() && new NpgsqlConnectionStringBuilder(connectionString).Password == DatabasePassword)
        {
            throw new InvalidOperationException("ConnectionStrings:Migrations uses the development password; set ConnectionStrings__Migrations.");
        }
    }
}
