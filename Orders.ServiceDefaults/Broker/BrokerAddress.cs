namespace Orders.ServiceDefaults.Broker;

/// <summary>
/// <c>ConnectionStrings:RabbitMq</c> read as an amqp URI whose host part may name several nodes of one cluster:
/// <c>amqp://user:password@node1:5672,node2:5672,node3:5672/vhost</c>. The first node is where a connection is tried
/// first; the others are where it fails over to.
/// </summary>
public sealed record BrokerAddress(Uri Uri, IReadOnlyList<string> Nodes)
{
    private const string Setting = "ConnectionStrings:RabbitMq";

    /// <summary>Whether more than one node is named, so that the connection fails over between them.</summary>
    public bool IsCluster => Nodes.Count > 1;

    public static BrokerAddress Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var schemeEnd = connectionString.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? connectionString[..schemeEnd].ToLowerInvariant() : "";
        if (scheme is not ("amqp" or "amqps"))
        {
            throw new FormatException($"{Setting} must be an amqp:// or amqps:// URI, e.g. amqp://user:password@host:5672/vhost.");
        }

        var authorityStart = schemeEnd + 3;
        var pathStart = connectionString.IndexOf('/', authorityStart);
        var authority = pathStart < 0 ? connectionString[authorityStart..] : connectionString[authorityStart..pathStart];
        var path = pathStart < 0 ? "/" : connectionString[pathStart..];

        // User information cannot hold a raw '@' (it is percent-encoded), so the last one ends it.
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..(at + 1)];
        var defaultPort = scheme == "amqps" ? 5671 : 5672;
        var nodes = authority[(at + 1)..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(node => WithPort(node, defaultPort))
            .ToList();
        if (nodes.Count == 0)
        {
            throw new FormatException($"{Setting} names no host.");
        }

        if (!Uri.TryCreate($"{scheme}://{userInfo}{nodes[0]}{path}", UriKind.Absolute, out var uri))
        {
            throw new FormatException($"{Setting} is not a valid amqp URI once its first node is taken: check its user, host and virtual host.");
        }

        return new BrokerAddress(uri, nodes);
    }

    private static string WithPort(string node, int defaultPort)
    {
        // host, host:port, [::1] or [::1]:port
        var closingBracket = node.LastIndexOf(']');
        var colon = node.LastIndexOf(':');
        return colon > closingBracket ? node : $"{node}:{defaultPort}";
    }
}
