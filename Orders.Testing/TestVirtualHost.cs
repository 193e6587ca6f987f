using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orders.Testing;

/// <summary>
/// A RabbitMQ virtual host that lives as long as one test class, created and deleted through the management API,
/// so that exchanges and queues of one class never meet another's.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ManagementJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly HttpClient _management;
    private readonly List<string> _users = [];

    private TestVirtualHost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
    }

    public string Name { get; }

    /// <summary>amqp URI of the virtual host, with the test user's credentials.</summary>
    public Uri AmqpUri => new(
        $"amqp://{Uri.EscapeDataString(TestEnvironment.RabbitMqUser)}:{Uri.EscapeDataString(TestEnvironment.RabbitMqPassword)}" +
        $"@{TestEnvironment.RabbitMqHost}:{TestEnvironment.RabbitMqPort}/{Uri.EscapeDataString(Name)}");

    public HttpClient Management => _management;

    public static async Task<TestVirtualHost> CreateAsync(string purpose, CancellationToken cancellationToken = default)
    {
        var management = CreateManagementClient();
        var name = $"t-{purpose.ToLowerInvariant()}-{Guid.NewGuid():N}";
        var escaped = Uri.EscapeDataString(name);
        using (var created = await management.PutAsync($"api/vhosts/{escaped}", null, cancellationToken))
        {
            created.EnsureSuccessStatusCode();
        }

        var permissions = new { configure = ".*", write = ".*", read = ".*" };
        var user = Uri.EscapeDataString(TestEnvironment.RabbitMqUser);
        using (var granted = await management.PutAsJsonAsync($"api/permissions/{escaped}/{user}", permissions, cancellationToken))
        {
            granted.EnsureSuccessStatusCode();
        }

        return new TestVirtualHost(name, management);
    }

    /// <summary>
    /// A user of its own for this virtual host with the permissions that scripts/rabbitmq-definitions.json gives
    /// <paramref name="service"/> (<c>orders-api</c>, <c>orders-workers</c>, <c>orders-ops</c>), with its tags; deleted with the virtual host.
    /// </summary>
    /// <returns>The amqp URI that logs in as that user.</returns>
    public async Task<Uri> CreateServiceUserAsync(string service, CancellationToken cancellationToken = default)
    {
        var permissions = BrokerDefinitions.PermissionsOf(service);
        var user = $"{Name}-{service}";
        var password = Guid.NewGuid().ToString("N");
        var escapedUser = Uri.EscapeDataString(user);
        _users.Add(user);
        using (var created = await _management.PutAsJsonAsync($"api/users/{escapedUser}", new { password, tags = BrokerDefinitions.TagsOf(service) }, cancellationToken))
        {
            created.EnsureSuccessStatusCode();
        }

        using (var granted = await _management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(Name)}/{escapedUser}", permissions, cancellationToken))
        {
            granted.EnsureSuccessStatusCode();
        }

        return new Uri($"amqp://{escapedUser}:{password}@{TestEnvironment.RabbitMqHost}:{TestEnvironment.RabbitMqPort}/{Uri.EscapeDataString(Name)}");
    }

    /// <summary>Messages ready plus unacknowledged in one queue, as the management API last sampled them.</summary>
    public async Task<QueueDepth?> GetQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        using var response = await _management.GetAsync(
            $"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<QueueDepth>(ManagementJson, cancellationToken);
    }

    /// <summary>Every queue of the virtual host, as the management API last sampled it.</summary>
    public async Task<IReadOnlyList<QueueDepth>> QueuesAsync(CancellationToken cancellationToken = default) =>
        await _management.GetFromJsonAsync<QueueDepth[]>($"api/queues/{Uri.EscapeDataString(Name)}", ManagementJson, cancellationToken) ?? [];

    public async ValueTask DisposeAsync()
    {
        foreach (var user in _users)
        {
            using var deleted = await _management.DeleteAsync($"api/users/{Uri.EscapeDataString(user)}");
        }

        using (var response = await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}"))
        {
            // Already gone is fine: the goal is that nothing is left behind.
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
            }
        }

        _management.Dispose();
    }

    private static HttpClient CreateManagementClient()
    {
        var client = new HttpClient
        {
            BaseAddress = new Uri($"http://{TestEnvironment.RabbitMqHost}:{TestEnvironment.RabbitMqManagementPort}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitMqUser}:{TestEnvironment.RabbitMqPassword}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}

/// <summary>What the management API says of a queue.</summary>
public sealed record QueueDepth(string Name, int Messages, int MessagesReady, int MessagesUnacknowledged, int Consumers);
