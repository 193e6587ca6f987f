using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Auth;
using Orders.Api.Problems;
using Orders.Contracts;

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
        string? status, int? limit, string? after, ClaimsPrincipal user, OrderReads orders, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !OrderStatus.All.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"must be one of {string.Join(", ", OrderStatus.All)}"];
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

        // One more than asked tells whether another page follows.
        var pageSize = limit ?? DefaultLimit;
        var page = await orders.PageAsync(user.CustomerId(), status, afterPosition, pageSize + 1, cancellationToken);
        var next = page.Count > pageSize ? page[pageSize - 1].Position.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new OrderPage([.. page.Take(pageSize).Select(entry => entry.Order)], next));
    }
}
