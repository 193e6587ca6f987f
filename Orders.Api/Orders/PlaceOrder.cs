using System.Security.Claims;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Orders.Api.Auth;
using Orders.Api.Data;
using Orders.Api.Inventory;
using Orders.Api.Limits;
using Orders.Api.Problems;
using Orders.Contracts.Inventory;
using PlaceOrderResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Accepted<Orders.Api.Orders.OrderBody>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<Orders.Api.Orders.OrderBody>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Orders.Api.Problems.RetryLaterResult>;

namespace Orders.Api.Orders;

/// <summary>
/// POST /orders: validate, reserve stock (Inventory prices the lines), then store the order, its first timeline entry,
/// the idempotency key and <c>OrderSubmitted</c> in one transaction. A request that is refused leaves nothing behind;
/// a repeated one (same <c>Idempotency-Key</c>) reserves nothing and answers with the first one's order. Only a new
/// order costs a token of the customer's rate limit, so a repeated one is never refused for it.
/// </summary>
internal static class PlaceOrder
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public sealed record PlaceOrderRequest(IReadOnlyList<OrderItemRequest?>? Items, PaymentRequest? Payment, ShippingAddressRequest? ShippingAddress);

    public sealed record OrderItemRequest(string? Sku, int Quantity);

    public sealed record PaymentRequest(string? Token);

    public sealed record ShippingAddressRequest(string? Name, string? Line1, string? City, string? PostalCode, string? Country);

    public static async Task<PlaceOrderResult> HandleAsync(
        PlaceOrderRequest request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        OrderingDbContext db,
        OrderReads orders,
        IPublishEndpoint publishEndpoint,
        StockReservations stock,
        PlaceOrderRateLimit rateLimit,
        TimeProvider clock,
        OrderMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = PlaceOrderValidation.Validate(request, idempotencyKey);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var placing = new Placing(
            request, user.CustomerId(), idempotencyKey, db, orders, publishEndpoint, stock, rateLimit, clock, metrics, loggers.CreateLogger(typeof(PlaceOrder)));
        if (idempotencyKey is null)
        {
            return await PlaceNewAsync(placing, transaction: null, cancellationToken);
        }

        var fingerprint = IdempotentRequests.Fingerprint(request);
        if (await IdempotentRequests.FindAsync(db, placing.CustomerId, idempotencyKey, cancellationToken) is { } earlier)
        {
            return await RepeatAsync(orders, earlier, fingerprint, cancellationToken);
        }

        await using var transaction = await IdempotentRequests.LockAsync(db, placing.CustomerId, idempotencyKey, cancellationToken);
        if (await IdempotentRequests.FindAsync(db, placing.CustomerId, idempotencyKey, cancellationToken) is { } stored)
        {
            // Another request with this key stored its order while this one waited for the lock.
            await transaction.RollbackAsync(CancellationToken.None);
            return await RepeatAsync(orders, stored, fingerprint, cancellationToken);
        }

        return await PlaceNewAsync(placing with { Fingerprint = fingerprint }, transaction, cancellationToken);
    }

    private static async Task<PlaceOrderResult> PlaceNewAsync(Placing placing, IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        var (request, customerId, idempotencyKey, db, orders, publishEndpoint, stock, rateLimit, clock, metrics, logger) = placing;

        // Only here is no earlier order there to answer with (looked up under the key's lock when there is a key), so
        // only here does the customer pay.
        if (!rateLimit.TryTake(customerId, out var retryAfter))
        {
            return Problem.TooManyOrders(retryAfter);
        }

        var orderId = Guid.CreateVersion7();
        var lines = request.Items!.Select(item => (item!.Sku!, item.Quantity)).ToList();
        ReserveStockReply reservation;
        try
        {
            reservation = await stock.ReserveAsync(orderId, lines, cancellationToken);
        }
        catch (RpcException exception)
        {
            logger.LogInformation("Inventory refused order {OrderId}: {Status} {Detail}", orderId, exception.StatusCode, exception.Status.Detail);
            return Refused(exception);
        }

        // From here the stock is held: finish even if the client goes away, and release it if the order is not stored.
        Order order;
        try
        {
            order = PlacedOrder.Create(orderId, customerId, request, reservation, Timestamp.Normalize(clock.GetUtcNow().UtcDateTime));
            db.Orders.Add(order);
            if (idempotencyKey is not null)
            {
                db.IdempotencyKeys.Add(new IdempotencyKey
                {
                    CustomerId = customerId,
                    Key = idempotencyKey,
                    RequestFingerprint = placing.Fingerprint,
                    OrderId = orderId,
                    CreatedAt = order.CreatedAt,
                });
            }

            await publishEndpoint.Publish(PlacedOrder.Submitted(order, request), CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            if (transaction is not null)
            {
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await RollBackAsync(transaction);
            if (await StoredAnywayAsync(db, orderId))
            {
                logger.LogWarning(exception, "Storing order {OrderId} reported a failure but it was committed", orderId);
                metrics.Submitted();
                return Accepted(orderId, (await orders.FindOwnAsync(orderId, customerId, CancellationToken.None))!);
            }

            await stock.ReleaseAsync(orderId);
            if (DatabaseFailure.IsUnavailable(exception))
            {
                logger.LogWarning(exception, "Order {OrderId} not stored: PostgreSQL unavailable; its reservation was released", orderId);
                return Problem.DependencyUnavailable("PostgreSQL");
            }

            throw;
        }

        metrics.Submitted();
        logger.LogInformation(
            "Order {OrderId} placed for customer {CustomerId}: {LineCount} line(s), {Total} {Currency}",
            orderId, customerId, order.Items.Count, order.Total, order.Currency);
        return Accepted(orderId, OrderBody.Submitted(order));
    }

    private static PlaceOrderResult Refused(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.FailedPrecondition when InventoryRefusal.Reason(exception) == InventoryErrorReasons.InsufficientStock =>
            Problem.InsufficientStock(InventoryRefusal.Skus(exception)),
        StatusCode.FailedPrecondition when InventoryRefusal.Reason(exception) == InventoryErrorReasons.MixedCurrencies =>
            Problem.MixedCurrencies(exception.Status.Detail),
        StatusCode.NotFound => Problem.UnknownSku(InventoryRefusal.Skus(exception)),
        StatusCode.InvalidArgument => TypedResults.ValidationProblem(
            InventoryRefusal.FieldViolations(exception)
                .GroupBy(v => v.Field.Replace("lines", "items", StringComparison.Ordinal), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray(), StringComparer.Ordinal),
            type: ProblemTypes.Validation),
        _ => Problem.DependencyUnavailable("Inventory"),
    };

    private static async Task<PlaceOrderResult> RepeatAsync(OrderReads orders, IdempotencyKey earlier, byte[] fingerprint, CancellationToken cancellationToken) =>
        await IdempotentRequests.EarlierOrderAsync(orders, earlier, fingerprint, cancellationToken) is { } order
            ? TypedResults.Ok(order)
            : Problem.IdempotencyKeyReused();

    private static Accepted<OrderBody> Accepted(Guid orderId, OrderBody order) => TypedResults.Accepted($"/orders/{orderId}", order);

    // The commit may have failed with the connection: the order's fate is then read afresh, outside the transaction.
    private static async Task RollBackAsync(IDbContextTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // Nothing to undo on a connection that is gone.
        }
    }

    // A failure reported by the commit itself (connection lost mid-COMMIT) may hide a success: releasing the stock of
    // a stored order would break it later, so look before releasing.
    private static async Task<bool> StoredAnywayAsync(OrderingDbContext db, Guid orderId)
    {
        db.ChangeTracker.Clear();
        try
        {
            return await db.Orders.AnyAsync(o => o.Id == orderId, CancellationToken.None);
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
        {
            return false;
        }
    }

    /// <summary>What placing one new order works with.</summary>
    private sealed record Placing(
        PlaceOrderRequest Request,
        string CustomerId,
        string? IdempotencyKey,
        OrderingDbContext Db,
        OrderReads Orders,
        IPublishEndpoint PublishEndpoint,
        StockReservations Stock,
        PlaceOrderRateLimit RateLimit,
        TimeProvider Clock,
        OrderMetrics Metrics,
        ILogger Logger)
    {
        public byte[] Fingerprint { get; init; } = [];
    }
}
