using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Auth;
using Orders.Api.Data;
using Orders.Api.Problems;
using Orders.Api.Timeline;

namespace Orders.Api.Orders;

/// <summary>
/// GET /orders?status=&amp;limit=&amp;after=: the caller's orders, newest first, by keyset (the position of the last order
/// seen), so pages neither skip nor repeat orders when new ones arrive in between.
/// </summary>
internal static class ListOrders
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> HandleAsync(
        string? status, int? limit, string? after, ClaimsPrincipal user, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !OrderTimeline.Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"must be one of {string.Join(", ", OrderTimeline.Statuses)}"];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be between 1 and {MaxLimit}"];
        }

        long? afterPosition = null;
        if (after is not null)
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                afterPosition = position;
            }
            else
            {
                errors["after"] = ["must be the 'next' value of a previous page"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var customerId = user.CustomerId();
        var pageSize = limit ?? DefaultLimit;
        var query = db.Orders.Where(o => o.CustomerId == customerId);
        if (status is not null)
        {
            query = query.Where(o => o.Status == status);
        }

        if (afterPosition is { } start)
        {
            query = query.Where(o => o.Position < start);
        }

        // One more than asked tells whether another page follows.
        var orders = await query.OrderByDescending(o => o.Position).Take(pageSize + 1).WithDetails().ToListAsync(cancellationToken);
        var next = orders.Count > pageSize ? orders[pageSize - 1].Position.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new OrderPage([.. orders.Take(pageSize).Select(OrderBody.From)], next));
    }
}
