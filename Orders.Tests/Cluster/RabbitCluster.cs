using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orders.Testing;
using Orders.Testing.Servers;
using Orders.Tests.Deployment;

namespace Orders.Tests.Cluster;

/// <summary>
/// The three-node RabbitMQ cluster of <c>scripts/rabbit-cluster.sh</c>, driven through the script (start, stop a node)
/// and read through the management API of whichever node still answers.
/// </summary>
public sealed class RabbitCluster : IDisposable
{
    public const int Nodes = 3;
    private const int PortBase = 5700;

    private readonly HttpClient _management = new() { Timeout = TimeSpan.FromSeconds(10) };

    public RabbitCluster()
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitMqUser}:{TestEnvironment.RabbitMqPassword}"));
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
    }

    public static string NodeName(int node) => $"orders{node}@localhost";

    public static int NodeNumber(string nodeName) =>
        Enumerable.Range(1, Nodes).Single(node => NodeName(node) == nodeName);

    /// <summary>The connection string of the services: every node, in order, with the test user.</summary>
    public static string AmqpUri(string virtualHost) =>
        $"amqp://{Uri.EscapeDataString(TestEnvironment.RabbitMqUser)}:{Uri.EscapeDataString(TestEnvironment.RabbitMqPassword)}@" +
        string.Join(',', Enumerable.Range(1, Nodes).Select(node => $"127.0.0.1:{PortBase + node}")) +
        $"/{Uri.EscapeDataString(virtualHost)}";

    public static Task UpAsync() => ScriptAsync(TimeSpan.FromMinutes(5), "up");

    public static Task StopNodeAsync(int node) => ScriptAsync(TimeSpan.FromMinutes(2), "stop-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Task StartNodeAsync(int node) => ScriptAsync(TimeSpan.FromMinutes(3), "start-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task CreateVirtualHostAsync(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        await SendAsync(HttpMethod.Put, $"api/vhosts/{escaped}");
        await SendAsync(HttpMethod.Put, $"api/permissions/{escaped}/{Uri.EscapeDataString(TestEnvironment.RabbitMqUser)}",
            new { configure = ".*", write = ".*", read = ".*" });
    }

    public Task DeleteVirtualHostAsync(string name) => SendAsync(HttpMethod.Delete, $"api/vhosts/{Uri.EscapeDataString(name)}");

    /// <summary>
    /// A queue as the management API describes it: <c>type</c>, and for a quorum queue <c>leader</c> and <c>online</c>
    /// (its members that run). Read as a document: while a member is away the API may repeat a key, which JsonObject refuses.
    /// </summary>
    public async Task<QueueState> QueueAsync(string virtualHost, string queue)
    {
        using var document = await GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}");
        var properties = document.RootElement.EnumerateObject().ToList();
        var online = Last(properties, "online", JsonValueKind.Array);
        return new QueueState(
            Last(properties, "type", JsonValueKind.String)?.GetString() ?? "",
            Last(properties, "node", JsonValueKind.String)?.GetString(),
            Last(properties, "leader", JsonValueKind.String)?.GetString(),
            online?.EnumerateArray().Select(node => node.GetString()!).ToList() ?? []);
    }

    /// <summary>The names of the nodes that the cluster reports running.</summary>
    public async Task<IReadOnlyList<string>> RunningNodesAsync()
    {
        using var document = await GetAsync("api/nodes");
        return document.RootElement.EnumerateArray()
            .Where(node => node.TryGetProperty("running", out var running) && running.ValueKind == JsonValueKind.True)
            .Select(node => node.GetProperty("name").GetString()!)
            .ToList();
    }

    public void Dispose() => _management.Dispose();

    private static JsonElement? Last(List<JsonProperty> properties, string name, JsonValueKind kind) =>
        properties.Where(p => p.Name == name && p.Value.ValueKind == kind).Select(p => (JsonElement?)p.Value).LastOrDefault();

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await SendToAnyNodeAsync(() => new HttpRequestMessage(HttpMethod.Get, path));
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    private async Task SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendToAnyNodeAsync(() => new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        });
    }

    // Whichever node is down, another one answers for the whole cluster.
    private async Task<HttpResponseMessage> SendToAnyNodeAsync(Func<HttpRequestMessage> request)
    {
        var failures = new List<string>();
        for (var node = 1; node <= Nodes; node++)
        {
            using var message = request();
            message.RequestUri = new Uri(new Uri($"http://127.0.0.1:{PortBase + 10000 + node}/"), message.RequestUri!);
            try
            {
                var response = await _management.SendAsync(message);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                failures.Add($"node {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                response.Dispose();
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"node {node}: {exception.Message}");
            }
        }

        throw new InvalidOperationException("No node of the cluster answered the management API: " + string.Join("; ", failures));
    }

    private static async Task ScriptAsync(TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, output) = await ServerProcess.RunAsync(timeout, "bash", [SourceTree.PathOf("scripts", "rabbit-cluster.sh"), .. arguments]);
        if (exitCode != 0)
        {
            Assert.Fail($"rabbit-cluster.sh {string.Join(' ', arguments)} failed ({exitCode}):\n{output}");
        }
    }
}
