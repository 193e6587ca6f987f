namespace Orders.Tests.Cluster;

/// <summary>What the management API says of one queue: its type, and for a quorum queue its leader and running members.</summary>
public sealed record QueueState(string Type, string? Leader, IReadOnlyList<string> Online);
