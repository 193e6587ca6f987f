using Microsoft.EntityFrameworkCore;
using Orders.Api.Data;

namespace Orders.Api.Orders;

/// <summary>Reads of a customer's own orders: someone else's order is not found, never forbidden.</summary>
internal static class OrderQueries
{
    public static IQueryable<Order> WithDetails(this IQueryable<Order> orders) =>
        orders.AsNoTracking().Include(o => o.Items).Include(o => o.Timeline).AsSplitQuery();

    /// <summary>
    /// One order in one statement, so its status and its timeline come from the same snapshot (separate queries could
    /// show a timeline that already ends in Cancelled beside a status that does not yet).
    /// </summary>
    public static Task<Order?> FindOwnAsync(this OrderingDbContext db, Guid orderId, string customerId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Items).Include(o => o.Timeline).AsSingleQuery()
            .SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
}
