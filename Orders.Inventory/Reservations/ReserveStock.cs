using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Reservations;

/// <summary>Holds stock for every line of an order, or for none of them. Idempotent by order id.</summary>
public sealed class ReserveStock(
    NpgsqlDataSource dataSource,
    InventoryDbContext db,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    ILogger<ReserveStock> logger)
{
    /// <summary>
    /// The whole reservation in one statement on its own (its own transaction), so the stock rows are locked only while
    /// PostgreSQL runs it, never across a round trip. It writes nothing unless every line is held.
    /// </summary>
    private const string Sql = """
        WITH requested AS (
            SELECT * FROM unnest(@skus, @quantities) AS requested (sku, quantity)
        ),
        -- In SKU order, like every writer of stock, so two orders can wait for each other but never deadlock. After a wait
        -- FOR UPDATE returns the row as the other order left it: available counts every reservation committed before.
        locked AS MATERIALIZED (
            SELECT stock.sku, stock.on_hand - stock.reserved AS available
            FROM inventory.stock
            WHERE stock.sku = ANY(@skus)
            ORDER BY stock.sku
            FOR UPDATE
        ),
        lines AS (
            SELECT requested.sku, requested.quantity, locked.available, product.unit_price, product.currency
            FROM requested
            LEFT JOIN locked USING (sku)
            LEFT JOIN inventory.products AS product USING (sku)
        ),
        -- All or nothing: the header only when every line is known and available, in one currency; the stock and the
        -- lines only with the header. A conflict means the order was reserved before (or by a concurrent call, which
        -- this waits for): then nothing is written and the stored reservation is the answer.
        header AS (
            INSERT INTO inventory.reservations (order_id, status, currency, created_at, expires_at, updated_at)
            SELECT @order_id, 'Reserved', min(currency), @now, @expires_at, @now
            FROM lines
            HAVING count(*) FILTER (WHERE available >= quantity) = count(*) AND count(DISTINCT currency) = 1
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id
        ),
        held AS (
            UPDATE inventory.stock
            SET reserved = stock.reserved + lines.quantity
            FROM lines
            WHERE stock.sku = lines.sku AND EXISTS (SELECT FROM header)
        ),
        stored AS (
            INSERT INTO inventory.reservation_lines (order_id, sku, quantity, unit_price)
            SELECT header.order_id, lines.sku, lines.quantity, lines.unit_price
            FROM header CROSS JOIN lines
        )
        SELECT sku, quantity, available, unit_price, currency, EXISTS (SELECT FROM header) AS reserved
        FROM lines
        """;

    public async Task<ReserveStockReply> HandleAsync(ReserveStockRequest request, CancellationToken cancellationToken)
    {
        var orderId = Validate(request);
        var now = Reservation.Stored(clock.GetUtcNow());
        var ttl = options.Value.ReservationTtl;

        var lines = await ReserveAsync(orderId, request.Lines, now, now + ttl, cancellationToken);
        if (lines[0].Reserved)
        {
            var reservation = Reservation.Hold(
                orderId,
                lines[0].Currency!,
                lines.Select(line => new ReservationLine { OrderId = orderId, Sku = line.Sku, Quantity = line.Quantity, UnitPrice = line.UnitPrice!.Value }),
                now,
                ttl);
            logger.LogInformation(
                "Reserved {LineCount} line(s) for order {OrderId} until {ExpiresAt}", reservation.Lines.Count, orderId, reservation.ExpiresAt);
            return reservation.ToReply();
        }

        // Nothing was written. A repeated call returns the first result, even if the reservation was committed or
        // released since, and even if its stock is gone now; only an order never reserved is refused.
        if (await FindAsync(orderId, cancellationToken) is { } existing)
        {
            return existing.ToReply();
        }

        throw Refusal(lines);
    }

    public static Guid Validate(ReserveStockRequest request)
    {
        var violations = new RequestViolations();
        var orderId = violations.OrderId(request.OrderId);
        if (request.Lines.Count == 0)
        {
            violations.Add("lines", "at least one line is required");
        }
        else if (request.Lines.Count > OrderLimits.MaxLines)
        {
            violations.Add("lines", $"at most {OrderLimits.MaxLines} lines are allowed, got {request.Lines.Count}");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            if (violations.Sku(line.Sku, $"lines[{i}].sku") && !seen.TryAdd(line.Sku, i))
            {
                violations.Add($"lines[{i}].sku", $"duplicates lines[{seen[line.Sku]}].sku; put the whole quantity on one line");
            }

            if (line.Quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
            {
                violations.Add($"lines[{i}].quantity", $"must be between {OrderLimits.MinQuantity} and {OrderLimits.MaxQuantity}");
            }
        }

        violations.ThrowIfAny();
        return orderId;
    }

    /// <summary>Why a reservation was refused, checked in this order: unknown SKUs, then shortages, then currencies.</summary>
    private static RpcException Refusal(List<Line> lines)
    {
        var unknown = lines.Where(line => line.Available is null).Select(line => line.Sku).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return InventoryErrors.UnknownSkus(unknown);
        }

        var shortages = lines
            .Where(line => line.Available < line.Quantity)
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .Select(line => (line.Sku, line.Quantity, Math.Max(0, line.Available!.Value)))
            .ToList();
        if (shortages.Count > 0)
        {
            return InventoryErrors.InsufficientStock(shortages);
        }

        var currencies = lines.Select(line => line.Currency!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            return InventoryErrors.MixedCurrencies(currencies);
        }

        throw new InvalidOperationException("The reservation was refused, yet every line is known, available and in one currency.");
    }

    private async Task<List<Line>> ReserveAsync(
        Guid orderId, RepeatedField<ReserveLine> requested, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("order_id", orderId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("skus", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requested.Select(line => line.Sku)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. requested.Select(line => line.Quantity)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("expires_at", expiresAt));

        var lines = new List<Line>(requested.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new Line(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetBoolean(5)));
        }

        return lines;
    }

    private Task<Reservation?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations
            .AsNoTracking()
            .Include(reservation => reservation.Lines)
            .SingleOrDefaultAsync(reservation => reservation.OrderId == orderId, cancellationToken);

    /// <summary>One requested line as the statement saw it: available and price are null for an unknown SKU.</summary>
    private sealed record Line(string Sku, int Quantity, int? Available, decimal? UnitPrice, string? Currency, bool Reserved);
}
