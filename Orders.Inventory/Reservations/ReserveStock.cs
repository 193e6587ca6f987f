using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Inventory;
using Orders.Inventory.Data;
using Orders.Inventory.Errors;

namespace Orders.Inventory.Reservations;

/// <summary>Holds stock for every line of an order, or for none of them. Idempotent by order id.</summary>
public sealed class ReserveStock(
    InventoryDbContext db,
    TimeProvider clock,
    IOptions<InventoryOptions> options,
    ILogger<ReserveStock> logger)
{
    public async Task<ReserveStockReply> HandleAsync(ReserveStockRequest request, CancellationToken cancellationToken)
    {
        var orderId = Validate(request);

        // A repeated call returns the first result, even if the reservation was committed or released since.
        if (await FindAsync(orderId, cancellationToken) is { } existing)
        {
            return existing.ToReply();
        }

        var requested = request.Lines.ToDictionary(line => line.Sku, line => line.Quantity, StringComparer.Ordinal);
        try
        {
            return await ReserveAsync(orderId, requested, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: "pk_reservations",
        })
        {
            // A concurrent call for the same order committed first and our transaction was rolled back: its result is the result.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(orderId, cancellationToken)
                ?? throw new InvalidOperationException($"Reservation {orderId} violated its key but cannot be read back.", exception);
            logger.LogInformation("Order {OrderId} was reserved by a concurrent call; returning that reservation", orderId);
            return winner.ToReply();
        }
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

    private async Task<ReserveStockReply> ReserveAsync(Guid orderId, Dictionary<string, int> requested, CancellationToken cancellationToken)
    {
        // Reading availability and raising reserved happen under the same row locks, so no two orders can both take the last unit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stock = await db.LockStockAsync(requested.Keys, cancellationToken);

        var unknown = requested.Keys.Where(sku => !stock.ContainsKey(sku)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw InventoryErrors.UnknownSkus(unknown);
        }

        var shortages = requested
            .Where(line => stock[line.Key].Available < line.Value)
            .OrderBy(line => line.Key, StringComparer.Ordinal)
            .Select(line => (line.Key, line.Value, Math.Max(0, stock[line.Key].Available)))
            .ToList();
        if (shortages.Count > 0)
        {
            throw InventoryErrors.InsufficientStock(shortages);
        }

        var products = await db.Products
            .Where(product => requested.Keys.Contains(product.Sku))
            .ToDictionaryAsync(product => product.Sku, StringComparer.Ordinal, cancellationToken);
        var currencies = products.Values.Select(product => product.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            throw InventoryErrors.MixedCurrencies(currencies);
        }

        foreach (var (sku, quantity) in requested)
        {
            stock[sku].Reserved += quantity;
        }

        var lines = requested.Select(line => new ReservationLine
        {
            OrderId = orderId,
            Sku = line.Key,
            Quantity = line.Value,
            UnitPrice = products[line.Key].UnitPrice,
        });
        var reservation = Reservation.Hold(orderId, currencies[0], lines, clock.GetUtcNow(), options.Value.ReservationTtl);
        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Reserved {LineCount} line(s) for order {OrderId} until {ExpiresAt}", reservation.Lines.Count, orderId, reservation.ExpiresAt);
        return reservation.ToReply();
    }

    private Task<Reservation?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations
            .AsNoTracking()
            .Include(reservation => reservation.Lines)
            .SingleOrDefaultAsync(reservation => reservation.OrderId == orderId, cancellationToken);
}
