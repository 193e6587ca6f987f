using Npgsql;

namespace Orders.ServiceDefaults;

/// <summary>How the services connect to PostgreSQL.</summary>
public static class ServiceDatabase
{
    /// <summary>
    /// The configured connection string with <c>No Reset On Close</c>: a pooled connection is handed to the next user
    /// without the <c>DISCARD ALL</c> round trip that Npgsql otherwise sends on every return to the pool (about twenty
    /// per order, each also counted by PostgreSQL as a transaction). The services keep no session state (no session
    /// settings, temporary tables, LISTEN or session locks; advisory locks are transaction-scoped), so there is nothing
    /// to reset, and prepared statements survive the reuse.
    /// </summary>
    public static string ConnectionString(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true };
        return builder.ConnectionString;
    }
}
