namespace Orders.Tests.Cluster;

/// <summary>
/// What the management API says of one queue: its type, the node it lives on (a classic queue) or is led from (a quorum
/// queue), and for a quorum queue its leader and running members.
/// </summary>
public sealed record QueueState(string Type, string? Node, string? Leader, IReadOnlyList<string> Online);
