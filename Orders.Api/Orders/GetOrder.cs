using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Auth;
using Orders.Api.Problems;

namespace Orders.Api.Orders;

/// <summary>GET /orders/{id}: the caller's own order; anyone else's is as unknown as a missing one.</summary>
internal static class GetOrder
{
    public static async Task<Results<Ok<OrderBody>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal user, OrderReads orders, CancellationToken cancellationToken) =>
        await orders.FindOwnAsync(id, user.CustomerId(), cancellationToken) is { } order
            ? TypedResults.Ok(order)
            : Problem.NotFound($"No order {id} exists for this customer.");
}
