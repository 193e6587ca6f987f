using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orders.Api.Auth;
using Orders.Api.Data;
using Orders.Api.Inventory;
using Orders.Api.Problems;
using Orders.Contracts;
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
/// the idempotency key and <c>OrderSubmitted</c> in one transaction. A request that is refused leaves nothing behind.
/// </summary>
internal static class PlaceOrder
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 64;
    private const int MaxTextLength = 200;

    public sealed record PlaceOrderRequest(IReadOnlyList<OrderItemRequest?>? Items, PaymentRequest? Payment, ShippingAddressRequest? ShippingAddress);

    public sealed record OrderItemRequest(string? Sku, int Quantity);

    public sealed record PaymentRequest(string? Token);

    public sealed record ShippingAddressRequest(string? Name, string? Line1, string? City, string? PostalCode, string? Country);

    public static async Task<PlaceOrderResult> HandleAsync(
        PlaceOrderRequest request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        OrderingDbContext db,
        IPublishEndpoint publishEndpoint,
        StockReservations stock,
        TimeProvider clock,
        OrderMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request, idempotencyKey);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var logger = loggers.CreateLogger(typeof(PlaceOrder));
        var customerId = user.CustomerId();
        var fingerprint = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request));
        if (idempotencyKey is not null && await db.IdempotencyKeys.AsNoTracking()
                .SingleOrDefaultAsync(k => k.CustomerId == customerId && k.Key == idempotencyKey, cancellationToken) is { } earlier)
        {
            return await RepeatAsync(db, earlier, fingerprint, cancellationToken);
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
            order = NewOrder(orderId, customerId, request, reservation, Timestamp.Normalize(clock.GetUtcNow().UtcDateTime));
            db.Orders.Add(order);
            if (idempotencyKey is not null)
            {
                db.IdempotencyKeys.Add(new IdempotencyKey
                {
                    CustomerId = customerId,
                    Key = idempotencyKey,
                    RequestFingerprint = fingerprint,
                    OrderId = orderId,
                    CreatedAt = order.CreatedAt,
                });
            }

            await publishEndpoint.Publish(Submitted(order, request), CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException exception) when (IsIdempotencyKeyTaken(exception))
        {
            // A concurrent request with the same key stored its order first: that order is the answer, this reservation goes.
            await stock.ReleaseAsync(orderId);
            db.ChangeTracker.Clear();
            var winner = await db.IdempotencyKeys.AsNoTracking()
                .SingleAsync(k => k.CustomerId == customerId && k.Key == idempotencyKey, CancellationToken.None);
            logger.LogInformation("Order {OrderId} lost the race for its idempotency key to order {WinnerId}", orderId, winner.OrderId);
            return await RepeatAsync(db, winner, fingerprint, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (await StoredAnywayAsync(db, orderId))
            {
                logger.LogWarning(exception, "Storing order {OrderId} reported a failure but it was committed", orderId);
                metrics.Submitted();
                return Accepted(orderId, await db.Orders.WithDetails().SingleAsync(o => o.Id == orderId, CancellationToken.None));
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
        return Accepted(orderId, order);
    }

    public static Dictionary<string, string[]> Validate(PlaceOrderRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(message);
        }

        void Required(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "is required");
            }
            else if (value.Length > MaxTextLength)
            {
                Add(field, $"must be at most {MaxTextLength} characters");
            }
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
        {
            Add(IdempotencyHeader, $"must be 1 to {MaxIdempotencyKeyLength} printable characters");
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            Add("items", "at least one item is required");
        }
        else if (request.Items.Count > OrderLimits.MaxLines)
        {
            Add("items", $"at most {OrderLimits.MaxLines} items are allowed, got {request.Items.Count}");
        }
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < request.Items.Count; i++)
            {
                if (request.Items[i] is not { } item)
                {
                    Add($"items[{i}]", "must be an object with sku and quantity");
                    continue;
                }

                if (!OrderLimits.IsValidSku(item.Sku))
                {
                    Add($"items[{i}].sku", $"must match {OrderLimits.SkuPattern}");
                }
                else if (!seen.TryAdd(item.Sku!, i))
                {
                    Add($"items[{i}].sku", $"duplicates items[{seen[item.Sku!]}].sku; put the whole quantity on one line");
                }

                if (item.Quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
                {
                    Add($"items[{i}].quantity", $"must be between {OrderLimits.MinQuantity} and {OrderLimits.MaxQuantity}");
                }
            }
        }

        if (request.Payment is null)
        {
            Add("payment", "is required");
        }
        else
        {
            Required("payment.token", request.Payment.Token);
        }

        if (request.ShippingAddress is not { } address)
        {
            Add("shippingAddress", "is required");
        }
        else
        {
            Required("shippingAddress.name", address.Name);
            Required("shippingAddress.line1", address.Line1);
            Required("shippingAddress.city", address.City);
            Required("shippingAddress.postalCode", address.PostalCode);
            if (address.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
            {
                Add("shippingAddress.country", "must be a 2-letter uppercase ISO country code");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
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

    private static async Task<PlaceOrderResult> RepeatAsync(OrderingDbContext db, IdempotencyKey earlier, byte[] fingerprint, CancellationToken cancellationToken)
    {
        if (!CryptographicOperations.FixedTimeEquals(earlier.RequestFingerprint, fingerprint))
        {
            return Problem.IdempotencyKeyReused();
        }

        var order = await db.Orders.WithDetails().SingleAsync(o => o.Id == earlier.OrderId, cancellationToken);
        return TypedResults.Ok(OrderBody.From(order));
    }

    private static Accepted<OrderBody> Accepted(Guid orderId, Order order) => TypedResults.Accepted($"/orders/{orderId}", OrderBody.From(order));

    private static Order NewOrder(Guid orderId, string customerId, PlaceOrderRequest request, ReserveStockReply reservation, DateTime now)
    {
        // Prices come from Inventory's reply only; the request has none.
        var prices = reservation.Lines.ToDictionary(line => line.Sku, line => line.UnitPrice.ToDecimal(), StringComparer.Ordinal);
        var items = request.Items!.Select((item, index) => new OrderItem
        {
            OrderId = orderId,
            LineNumber = index + 1,
            Sku = item!.Sku!,
            Quantity = item.Quantity,
            UnitPrice = Money(prices[item.Sku!]),
        }).ToList();
        return new Order
        {
            Id = orderId,
            CustomerId = customerId,
            Status = OrderStatus.Submitted,
            Total = items.Sum(item => item.Quantity * item.UnitPrice),
            Currency = reservation.Currency,
            CreatedAt = now,
            UpdatedAt = now,
            Items = items,
            Timeline = [new TimelineEntry { OrderId = orderId, Status = OrderStatus.Submitted, At = now }],
        };
    }

    // Amounts with the cents the database keeps (19.90, not 19.9), so an answer reads the same before and after a reload.
    private static decimal Money(decimal amount) => decimal.Round(amount, 2) + 0.00m;

    private static OrderSubmitted Submitted(Order order, PlaceOrderRequest request)
    {
        var address = request.ShippingAddress!;
        return new OrderSubmitted(
            order.Id,
            order.CustomerId,
            [.. order.Items.Select(item => new OrderLine(item.Sku, item.Quantity, item.UnitPrice))],
            order.Total,
            order.Currency,
            request.Payment!.Token!,
            new ShippingAddress(address.Name!, address.Line1!, address.City!, address.PostalCode!, address.Country!),
            order.CreatedAt);
    }

    private static bool IsIdempotencyKeyTaken(DbUpdateException exception) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: OrderingDbContext.IdempotencyKeyConstraint,
        };

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
}
