using System.Net.Sockets;
using Npgsql;

namespace Orders.Api.Problems;

/// <summary>Tells "PostgreSQL is down or unreachable" (answer 503, retry later) from a bug (answer 500).</summary>
internal static class DatabaseFailure
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // Server-side errors are bugs, except those saying the server cannot serve now.
                    return postgres.IsTransient
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow
                            or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.IsTransient:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
