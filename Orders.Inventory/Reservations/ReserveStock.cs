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
    /// The whole reservation in one statement, sent with its BEGIN; the transaction then ends with one COMMIT, or with a
    /// ROLLBACK when not every line was held, so the stock rows stay locked for one round trip at most. Returns each
    /// requested line as the statement saw it, with whether this call created the reservation and held the line.
    /// </summary>
    private const string Sql = """
        WITH requested AS (
            SELECT requested.sku, requested.quantity, product.unit_price, product.currency
            FROM unnest(@skus, @quantities) AS requested (sku, quantity)
            LEFT JOIN inventory.products AS product USING (sku)
        ),
        -- The reservation row first, as a commit, a release and the sweeper lock it first, so none of them can deadlock
        -- with this. A conflict means the order was reserved before, or by a concurrent call that this waits for: then
        -- no stock is touched. The currency is the catalogue's (XXX, ISO 4217's "no currency", when no SKU is known:
        -- such a reservation is refused and rolled back).
        header AS (
            INSERT INTO inventory.reservations (order_id, status, currency, created_at, expires_at, updated_at)
            SELECT @order_id, 'Reserved', coalesce(min(currency), 'XXX'), @now, @expires_at, @now
            FROM requested
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id
        ),
        -- In SKU order, like every writer of stock, so two orders can wait for each other but never deadlock. After a
        -- wait FOR UPDATE returns the row as the other order left it, and the row stays locked until this one ends.
        locked AS MATERIALIZED (
            SELECT stock.sku, stock.on_hand - stock.reserved AS available
            FROM inventory.stock
            WHERE stock.sku = ANY(@skus) AND EXISTS (SELECT FROM header)
            ORDER BY stock.sku
            FOR UPDATE
        ),
        lines AS (
            SELECT requested.*, locked.available FROM requested LEFT JOIN locked USING (sku)
        ),
        -- All or nothing: every line known and available, in one currency, or no line is held.
        held AS (
            UPDATE inventory.stock
            SET reserved = stock.reserved + lines.quantity
            FROM lines
            WHERE stock.sku = lines.sku
              AND (SELECT count(*) FILTER (WHERE available >= quantity) = count(*) AND count(DISTINCT currency) = 1 FROM lines)
            RETURNING stock.sku
        ),
        stored AS (
            INSERT INTO inventory.reservation_lines (order_id, sku, quantity, unit_price)
            SELECT @order_id, lines.sku, lines.quantity, lines.unit_price
            FROM held JOIN lines USING (sku)
        )
        SELECT lines.sku, lines.quantity, lines.unit_price, lines.currency, lines.available,
               EXISTS (SELECT FROM header) AS created, held.sku IS NOT NULL AS held
        FROM lines LEFT JOIN held USING (sku)
        """;

    public async Task<ReserveStockReply> HandleAsync(ReserveStockRequest request, CancellationToken cancellationToken)
    {
        var orderId = Validate(request);
        var now = Reservation.Stored(clock.GetUtcNow());
        var ttl = options.Value.ReservationTtl;

        var lines = await ReserveAsync(orderId, request.Lines, now, now + ttl, cancellationToken);
        if (lines.TrueForAll(line => line.Held))
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

        // A repeated call returns the first result, even if the reservation was committed or released since.
        if (!lines[0].Created)
        {
            var existing = await FindAsync(orderId, cancellationToken)
                ?? throw new InvalidOperationException($"Reservation {orderId} conflicted with a stored one that cannot be read back.");
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("order_id", orderId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("skus", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requested.Select(line => line.Sku)] });
        command.Parameters.Add(new NpgsqlParameter<int[]>("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. requested.Select(line => line.Quantity)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("expires_at", expiresAt));

        var lines = new List<Line>(requested.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new Line(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.GetBoolean(5),
                    reader.GetBoolean(6)));
            }
        }

        if (lines.TrueForAll(line => line.Held))
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            // The header a refused reservation wrote goes with it.
            await transaction.RollbackAsync(cancellationToken);
        }

        return lines;
    }

    private Task<Reservation?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations
            .AsNoTracking()
            .Include(reservation => reservation.Lines)
            .SingleOrDefaultAsync(reservation => reservation.OrderId == orderId, cancellationToken);

    /// <summary>
    /// One requested line as the statement saw it: price, currency and available are null for an unknown SKU, and
    /// available also when the call did not create the reservation.
    /// </summary>
    private sealed record Line(string Sku, int Quantity, decimal? UnitPrice, string? Currency, int? Available, bool Created, bool Held);
}
