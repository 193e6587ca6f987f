using Npgsql;

namespace Orders.ServiceDefaults;

/// <summary>How the services connect to PostgreSQL.</summary>
public static class ServiceDatabase
{
    /// <summary>
    /// The configured connection string with two settings of our own:
    /// <list type="bullet">
    /// <item><c>No Reset On Close</c>: a pooled connection is handed to the next user without the <c>DISCARD ALL</c>
    /// round trip that Npgsql otherwise sends on every return to the pool (about twenty per order, each also counted by
    /// PostgreSQL as a transaction). The services keep no session state (no session settings, temporary tables, LISTEN
    /// or session locks; advisory locks are transaction-scoped), so there is nothing to reset, and prepared statements
    /// survive the reuse.</item>
    /// <item><c>Max Auto Prepare</c> (unless the connection string sets it): every statement runs with the same few
    /// shapes, so after a few uses on a connection PostgreSQL keeps it parsed and planned, instead of parsing and planning
    /// each of the dozens of statements per order again.</item>
    /// </list>
    /// </summary>
    public static string ConnectionString(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection: more than the distinct statements any one service runs.</summary>
    private const int MaxAutoPrepare = 64;
}
