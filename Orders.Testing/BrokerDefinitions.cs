using System.Text.Json;

namespace Orders.Testing;

/// <summary>The services' RabbitMQ permissions as scripts/rabbitmq-definitions.json declares them for deployments.</summary>
public static class BrokerDefinitions
{
    private static readonly JsonElement Definitions =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rabbitmq-definitions.json"))).RootElement;

    /// <summary>The configure, write and read regular expressions of one service user (<c>orders-api</c>, <c>orders-workers</c>).</summary>
    public static BrokerPermissions PermissionsOf(string service)
    {
        var entry = Definitions.GetProperty("permissions").EnumerateArray()
            .SingleOrDefault(permission => permission.GetProperty("user").GetString() == service);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"rabbitmq-definitions.json has no permissions for {service}", nameof(service));
        }

        return new BrokerPermissions(
            entry.GetProperty("configure").GetString()!, entry.GetProperty("write").GetString()!, entry.GetProperty("read").GetString()!);
    }

    /// <summary>The user's tags (<c>monitoring</c> lets the console's user read the management API; services have none).</summary>
    public static string TagsOf(string service) =>
        Definitions.GetProperty("users").EnumerateArray()
            .Where(user => user.GetProperty("name").GetString() == service)
            .Select(user => user.GetProperty("tags").GetString())
            .FirstOrDefault() ?? string.Empty;
}

/// <summary>RabbitMQ's three permissions, as the management API names them.</summary>
public sealed record BrokerPermissions(string Configure, string Write, string Read);
