using Microsoft.EntityFrameworkCore;
using Orders.Api.Data;
using Orders.Contracts;

namespace Orders.Api.Timeline;

/// <summary>
/// Applies a status change to the order read model. Events for one order can arrive late or race each other, so the
/// status only ever moves forward (Submitted &lt; Paid &lt; Shipped &lt; Completed; Cancelled is final too), decided by a
/// conditional UPDATE in the database rather than by a load-modify-save that a concurrent change could overwrite.
/// </summary>
internal static class OrderTimeline
{
    /// <summary>Every public status, in the order an order moves through them (Cancelled can end any but Completed).</summary>
    public static readonly string[] Statuses =
        [OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed, OrderStatus.Cancelled];

    public static async Task<StatusChangeOutcome> RecordAsync(
        OrderingDbContext db, OrderStatusChanged change, CancellationToken cancellationToken)
    {
        if (!Statuses.Contains(change.Status, StringComparer.Ordinal))
        {
            return StatusChangeOutcome.UnknownStatus;
        }

        var at = Timestamp.Normalize(change.At);
        var earlier = StatusesBefore(change.Status);
        var moved = await db.Orders
            .Where(o => o.Id == change.OrderId && earlier.Contains(o.Status))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(o => o.Status, change.Status)
                    .SetProperty(o => o.CancellationReason, change.Reason)
                    .SetProperty(o => o.UpdatedAt, at),
                cancellationToken);

        // A moved status proves the order exists; only an event that moved nothing pays for the existence check
        // (one round trip fewer for every status change that applies, the common case).
        if (moved == 0 && !await db.Orders.AnyAsync(o => o.Id == change.OrderId, cancellationToken))
        {
            return StatusChangeOutcome.UnknownOrder;
        }

        // Facts that arrive with a status belong to the order even when the status itself came too late to apply.
        if (change.PaymentId is not null)
        {
            await db.Orders.Where(o => o.Id == change.OrderId && o.PaymentId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.PaymentId, change.PaymentId), cancellationToken);
        }

        if (change.TrackingNumber is not null)
        {
            await db.Orders.Where(o => o.Id == change.OrderId && o.TrackingNumber == null)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.TrackingNumber, change.TrackingNumber), cancellationToken);
        }

        // The history keeps every status reached, once: a late event still says when that step happened.
        var detail = Detail(change);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO ordering.order_timeline (order_id, status, at, detail)
            VALUES ({change.OrderId}, {change.Status}, {at}, {detail})
            ON CONFLICT (order_id, status) DO NOTHING
            """,
            cancellationToken);

        return moved > 0 ? StatusChangeOutcome.Applied : StatusChangeOutcome.AlreadyPast;
    }

    /// <summary>The statuses from which an order may move to <paramref name="status"/>; none for Submitted, where every order starts.</summary>
    public static string[] StatusesBefore(string status) => status switch
    {
        OrderStatus.Paid => [OrderStatus.Submitted],
        OrderStatus.Shipped => [OrderStatus.Submitted, OrderStatus.Paid],
        OrderStatus.Completed or OrderStatus.Cancelled => [OrderStatus.Submitted, OrderStatus.Paid, OrderStatus.Shipped],
        _ => [],
    };

    private static string? Detail(OrderStatusChanged change) => change.Status switch
    {
        OrderStatus.Cancelled => change.Reason,
        OrderStatus.Paid => change.PaymentId,
        OrderStatus.Shipped => change.TrackingNumber,
        _ => null,
    };
}
