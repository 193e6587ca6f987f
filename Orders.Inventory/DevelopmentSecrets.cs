using Npgsql;

namespace Orders.Inventory;

/// <summary>
/// The database password that scripts/services.sh and compose.yaml create is in the repository for anyone to read,
/// so a Production host refuses to start with it.
/// </summary>
internal static class DevelopmentSecrets
{
    private const string DatabasePassword = "orders";

    public static void RefuseInProduction(IHostEnvironment environment, string connectionString)
    {
        if (environment.IsProduction() && new NpgsqlConnectionStringBuilder(connectionString).Password == DatabasePassword)
        {
            throw new InvalidOperationException("ConnectionStrings:Inventory uses the development password; set ConnectionStrings__Inventory.");
        }
    }
}
