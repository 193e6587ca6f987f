using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orders.Api.Data;

namespace Orders.Api.Orders;

/// <summary>
/// One order per customer and <c>Idempotency-Key</c>. Requests with a key that is not stored yet take a PostgreSQL
/// advisory lock on it (held by the transaction that stores the order, across every API replica) before reserving
/// stock, so a storm of retries reserves once: the others wait, then find the order and answer with it.
/// </summary>
internal static class IdempotentRequests
{
    /// <summary>First key of the two-key advisory lock; the Workers' order locks use 1 to 3.</summary>
    private const int LockClass = 100;

    public static byte[] Fingerprint(PlaceOrder.PlaceOrderRequest request) => SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request));

    public static Task<IdempotencyKey?> FindAsync(OrderingDbContext db, string customerId, string key, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.CustomerId == customerId && k.Key == key, cancellationToken);

    /// <summary>Opens the transaction that will store the order and waits for the key's lock in it.</summary>
    public static async Task<IDbContextTransaction> LockAsync(OrderingDbContext db, string customerId, string key, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // Two keys hashing alike only wait for each other.
            await db.Database.ExecuteSqlAsync(
                $"SELECT pg_advisory_xact_lock({LockClass}, hashtext({customerId} || chr(10) || {key}))", cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stored order a repeated request answers with, or null when the key came with another body.</summary>
    public static async Task<OrderBody?> EarlierOrderAsync(OrderReads orders, IdempotencyKey earlier, byte[] fingerprint, CancellationToken cancellationToken) =>
        CryptographicOperations.FixedTimeEquals(earlier.RequestFingerprint, fingerprint)
            ? await orders.FindOwnAsync(earlier.OrderId, earlier.CustomerId, cancellationToken)
            : null;
}
