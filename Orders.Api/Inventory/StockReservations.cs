using Grpc.Core;
using Microsoft.Extensions.Options;
using Orders.Contracts.Inventory;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Api.Inventory;

/// <summary>
/// Holds and releases stock for an order through Inventory's gRPC API. A call whose outcome is unknown (deadline,
/// lost connection) is followed by a release, so a failed order request leaves no reservation behind.
/// </summary>
internal sealed class StockReservations(
    InventoryClient inventory, IOptions<InventoryOptions> options, ReleaseRetries retries, ILogger<StockReservations> logger)
{
    /// <summary>Reserves every line or none; throws <see cref="RpcException"/> with Inventory's status on refusal.</summary>
    public async Task<ReserveStockReply> ReserveAsync(Guid orderId, IEnumerable<(string Sku, int Quantity)> lines, CancellationToken cancellationToken)
    {
        var request = new ReserveStockRequest { OrderId = orderId.ToString() };
        request.Lines.AddRange(lines.Select(line => new ReserveLine { Sku = line.Sku, Quantity = line.Quantity }));
        try
        {
            return await inventory.ReserveStockAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (OutcomeUnknown(exception))
        {
            // The request may have reached Inventory and been applied: take the reservation back if it exists.
            await ReleaseAsync(orderId);
            throw;
        }
    }

    /// <summary>
    /// Idempotent: a reservation that cannot be released now is released in the background once Inventory answers
    /// (<see cref="ReleaseRetries"/>), or expires by Inventory's sweeper.
    /// </summary>
    public async Task ReleaseAsync(Guid orderId)
    {
        if (!await TryReleaseAsync(orderId))
        {
            retries.Add(orderId);
        }
    }

    /// <summary>Releases the order's reservation; false when Inventory could not be asked, so it is still to do.</summary>
    public async Task<bool> TryReleaseAsync(Guid orderId)
    {
        try
        {
            await inventory.ReleaseReservationAsync(new ReservationRequest { OrderId = orderId.ToString() }, deadline: Deadline());
            logger.LogInformation("Released the stock reservation of order {OrderId}", orderId);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Nothing was reserved: the reservation never happened.
            return true;
        }
        catch (RpcException exception) when (OutcomeUnknown(exception))
        {
            logger.LogWarning(exception, "Could not release the stock reservation of order {OrderId} ({Status}); retrying in the background",
                orderId, exception.StatusCode);
            return false;
        }
        catch (RpcException exception)
        {
            // Refused for good (committed, for one): asking again would get the same answer.
            logger.LogWarning(exception, "Inventory refused to release the stock reservation of order {OrderId} ({Status})", orderId, exception.StatusCode);
            return true;
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + options.Value.Deadline;

    private static bool OutcomeUnknown(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable or StatusCode.Cancelled
            or StatusCode.Unknown or StatusCode.Internal or StatusCode.Aborted,
        OperationCanceledException => true,
        _ => false,
    };
}
