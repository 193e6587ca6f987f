using System.Globalization;
using Npgsql;

namespace Orders.Testing.Servers;

/// <summary>
/// A PostgreSQL 15 server of one test class, in a temporary data folder on a port of 55432–55439, that the test may
/// stop, kill and restart without touching the shared server. Trust authentication on loopback, superuser
/// <c>orders</c>; run as the <c>postgres</c> OS user when the tests run as root. Dispose removes everything.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const int FirstPort = 55432;
    private const int Ports = 8;
    private const string OsUser = "postgres";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    private readonly string _folder;
    private readonly int _offset;
    private readonly IDisposable _removal;
    private readonly PostgresTls? _tls;
    private ServerProcess? _server;

    private PrivatePostgres(string folder, int offset, IDisposable removal, PostgresTls? tls)
    {
        _folder = folder;
        _offset = offset;
        _removal = removal;
        _tls = tls;
    }

    public int Port => FirstPort + _offset;

    /// <summary>The server's <c>orders</c> database (pooling on, as the services use it).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "orders",
        Password = "orders",
        Database = "orders",
    }.ConnectionString;

    public string LogFile => Path.Combine(_folder, "postgres.log");

    /// <summary>A fresh cluster, started, with an empty <c>orders</c> database; over TLS with <paramref name="tls"/>.</summary>
    public static async Task<PrivatePostgres> StartNewAsync(PostgresTls? tls = null)
    {
        var offset = PrivatePorts.TakeOffset(Ports, FirstPort);
        var folder = Directory.CreateTempSubdirectory("orders-pg-").FullName;
        var postgres = new PrivatePostgres(folder, offset, ProcessReaper.RemoveOnExit(folder), tls);
        try
        {
            await ServerProcess.RunAsync("chmod", "755", folder);
            if (ServerProcess.IsRoot)
            {
                await ServerProcess.RunAsync("chown", OsUser, folder);
            }

            string[] initdb = [.. ServerProcess.AsUser(OsUser), $"{Binaries}/initdb", "-D", Path.Combine(folder, "data"), "-U", "orders", "--auth=trust", "-E", "UTF8", "--no-sync"];
            var (code, output) = await ServerProcess.RunAsync(initdb[0], initdb[1..]);
            if (code != 0)
            {
                throw new InvalidOperationException($"initdb failed ({code}): {output}");
            }

            if (tls is not null)
            {
                await tls.ConfigureAsync(Path.Combine(folder, "data"), OsUser);
            }

            await postgres.StartAsync();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE orders", connection);
            await create.ExecuteNonQueryAsync();
            await postgres.CreateServiceRolesAsync();
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>The services' login roles, which the migrator grants to, from the same script as scripts/services.sh.</summary>
    private async Task CreateServiceRolesAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "service-roles.sql");
        var (code, output) = await ServerProcess.RunAsync("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-U", "orders", "-d", "postgres", "-v", $"service_password={TestEnvironment.ServiceRolePassword}", "-f", script);
        if (code != 0)
        {
            throw new InvalidOperationException($"creating the service roles failed ({code}): {output}");
        }
    }

    /// <summary>Starts the server on its data folder and waits until it accepts connections (after a kill, once recovered).</summary>
    public async Task StartAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            // fsync off: the data of a test may be lost in a crash of the machine, never in a kill of the server.
            _server = ServerProcess.Start(OsUser, _folder, LogFile, new Dictionary<string, string>(),
                $"{Binaries}/postgres", "-D", Path.Combine(_folder, "data"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-k", _folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=300", "-c", $"ssl={(_tls is null ? "off" : "on")}");
            var server = _server;
            if (await Eventually.Holds(async () => !server.IsRunning || await AcceptsAsync(), StartDeadline) && server.IsRunning)
            {
                return;
            }

            // Backends of a killed server may hold its shared memory for a moment: the new postmaster then refuses to start.
            await _server.DisposeAsync();
            _server = null;
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not start; see {LogFile}");
            }
        }
    }

    /// <summary>A fast shutdown (SIGINT): sessions are ended, the server checkpoints and exits.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync("INT", TimeSpan.FromSeconds(60));
        }

        await KillAsync();
    }

    /// <summary>kill -9 of the postmaster and every backend: the next start recovers from the write-ahead log.</summary>
    public async Task KillAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        // Pooled connections of the test process are dead now: the next open must make a new one.
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        PrivatePorts.Release(_offset);
        await ServerProcess.RunAsync("rm", "-rf", "--", _folder);
        _removal.Dispose();
    }

    private async Task<bool> AcceptsAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
