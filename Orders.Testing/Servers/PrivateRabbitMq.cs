using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Orders.Testing.Servers;

/// <summary>
/// A RabbitMQ node of one test class (node <c>orders-faults{n}@localhost</c>, AMQP on 5681–5689, management on
/// 15681–15689, distribution on 25681–25689, its own data and log folders) that the test may stop, kill and restart
/// without touching the shared broker. It runs as the <c>rabbitmq</c> OS user when the tests run as root; the default
/// <c>guest</c> user (loopback only) is used. With a TLS authority, AMQPS listens on 5691–5699 too, with a certificate
/// for <c>localhost</c> and 127.0.0.1 of that CA. Dispose removes everything.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private const int FirstAmqpPort = 5681;
    private const int FirstManagementPort = 15681;
    private const int FirstDistributionPort = 25681;
    private const int FirstAmqpsPort = 5691;
    private const int Ports = 9;
    private const string OsUser = "rabbitmq";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions ManagementJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly string _folder;
    private readonly int _offset;
    private readonly IDisposable _removal;
    private readonly HttpClient _management;
    private ServerProcess? _server;

    private PrivateRabbitMq(string folder, int offset, IDisposable removal)
    {
        _folder = folder;
        _offset = offset;
        _removal = removal;
        _management = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{FirstManagementPort + offset}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
    }

    public int AmqpPort => FirstAmqpPort + _offset;

    /// <summary>The TLS listener's port, when the node was started with a TLS authority.</summary>
    public int AmqpsPort => FirstAmqpsPort + _offset;

    /// <summary>The default virtual host, user <c>guest</c>.</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{AmqpPort}/");

    public string LogFile => Path.Combine(_folder, "rabbitmq.out");

    private string NodeName => $"orders-faults{_offset + 1}@localhost";

    /// <summary>A fresh node, started; with <paramref name="tlsAuthority"/>, also listening for AMQPS with a certificate of that CA.</summary>
    public static async Task<PrivateRabbitMq> StartNewAsync(X509Certificate2? tlsAuthority = null)
    {
        var offset = PrivatePorts.TakeOffset(Ports, FirstAmqpPort, FirstManagementPort, FirstDistributionPort, FirstAmqpsPort);
        var folder = Directory.CreateTempSubdirectory("orders-rabbitmq-").FullName;
        var broker = new PrivateRabbitMq(folder, offset, ProcessReaper.RemoveOnExit(folder));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "mnesia"));
            Directory.CreateDirectory(Path.Combine(folder, "log"));
            await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[rabbitmq_management].\n");
            var tls = tlsAuthority is null ? string.Empty : await TlsListenerAsync(folder, broker.AmqpsPort, tlsAuthority);
            await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), string.Create(CultureInfo.InvariantCulture, $"""
                listeners.tcp.1 = 127.0.0.1:{broker.AmqpPort}
                management.tcp.ip = 127.0.0.1
                management.tcp.port = {FirstManagementPort + offset}
                {tls}
                """));
            await ServerProcess.RunAsync("chmod", "-R", "a+rX", folder);
            if (ServerProcess.IsRoot)
            {
                await ServerProcess.RunAsync("chown", "-R", $"{OsUser}:{OsUser}", folder);
            }

            await broker.StartAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The CA, certificate and key files in <paramref name="folder"/> and the lines of rabbitmq.conf that use them.</summary>
    private static async Task<string> TlsListenerAsync(string folder, int port, X509Certificate2 authority)
    {
        using var certificate = TestCertificates.CreateServerCertificate(authority);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the test server certificate has no EC key");
        var (caFile, certificateFile, keyFile) = (Path.Combine(folder, "ca.pem"), Path.Combine(folder, "server.pem"), Path.Combine(folder, "server.key"));
        await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        return string.Create(CultureInfo.InvariantCulture, $"""
            listeners.ssl.1 = 127.0.0.1:{port}
            ssl_options.cacertfile = {caFile}
            ssl_options.certfile = {certificateFile}
            ssl_options.keyfile = {keyFile}
            ssl_options.verify = verify_none
            ssl_options.fail_if_no_peer_cert = false
            """);
    }

    /// <summary>Starts the node on its data folder and waits until its management API answers (queues and messages kept).</summary>
    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            // The node's Erlang cookie is the rabbitmq user's, as for rabbitmqctl.
            ["HOME"] = ServerProcess.IsRoot ? "/var/lib/rabbitmq" : Environment.GetEnvironmentVariable("HOME") ?? _folder,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = (FirstDistributionPort + _offset).ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "rabbitmq.pid"),
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
        };
        var server = ServerProcess.Start(OsUser, _folder, LogFile, environment, "/usr/lib/rabbitmq/bin/rabbitmq-server");
        _server = server;
        if (!await Eventually.Holds(async () => !server.IsRunning || await AnswersAsync(), StartDeadline) || !server.IsRunning)
        {
            throw new InvalidOperationException($"RabbitMQ node {NodeName} did not start:\n{server.LogTail()}");
        }
    }

    /// <summary>A graceful stop (SIGTERM): the node closes its connections and stops its applications.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync("TERM", TimeSpan.FromSeconds(60));
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>kill -9 of the node: connections drop without a close.</summary>
    public async Task KillAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>Every queue of the default virtual host with its message count, as the management API last sampled it.</summary>
    public async Task<IReadOnlyList<QueueDepth>> QueuesAsync()
    {
        var queues = await _management.GetFromJsonAsync<QueueDepth[]>("api/queues/%2F", ManagementJson);
        return queues ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _management.Dispose();
        PrivatePorts.Release(_offset);
        await ServerProcess.RunAsync("rm", "-rf", "--", _folder);
        _removal.Dispose();
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _management.GetAsync(new Uri("api/overview", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var amqp = new System.Net.Sockets.TcpClient();
            await amqp.ConnectAsync(System.Net.IPAddress.Loopback, AmqpPort);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
