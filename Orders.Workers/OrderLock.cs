using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;

namespace Orders.Workers;

/// <summary>
/// Serialises the handling of one order within one purpose (charging, refunding, shipping) across every replica: a
/// PostgreSQL advisory lock held until the consumed message's transaction ends. A concurrent copy of a request waits,
/// then finds the first one's stored answer instead of calling the outside world again.
/// </summary>
internal static class OrderLock
{
    public const int Payment = 1;
    public const int Refund = 2;
    public const int Shipment = 3;

    /// <summary>Takes the lock in the current transaction (the endpoint's outbox always opens one).</summary>
    public static async Task LockOrderAsync(this DbContext db, int purpose, Guid orderId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The order lock lasts for a transaction: run the consumer inside the PostgreSQL outbox.");
        }

        // A stable key on every replica (Guid.GetHashCode promises no such thing); two orders sharing a key only wait.
        Span<byte> bytes = stackalloc byte[16];
        orderId.TryWriteBytes(bytes);
        var key = BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
            ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({purpose}, {key})", cancellationToken);
    }
}
