using System.Net;
using System.Net.Sockets;

namespace Orders.Testing.Servers;

/// <summary>The loopback ports set aside for private servers: the first one of a range nobody listens on.</summary>
internal static class PrivatePorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Taken = [];

    /// <summary>An offset into ranges starting at <paramref name="firsts"/> at which every range's port is free.</summary>
    public static int TakeOffset(int count, params int[] firsts)
    {
        lock (Gate)
        {
            for (var offset = 0; offset < count; offset++)
            {
                if (!Taken.Contains(offset) && firsts.All(first => IsFree(first + offset)))
                {
                    Taken.Add(offset);
                    return offset;
                }
            }
        }

        throw new InvalidOperationException($"every private port from {string.Join(", ", firsts)} (+{count}) is in use");
    }

    public static void Release(int offset)
    {
        lock (Gate)
        {
            Taken.Remove(offset);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
