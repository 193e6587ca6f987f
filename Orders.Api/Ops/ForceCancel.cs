using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orders.Api.Data;
using Orders.Api.Orders;
using Orders.Api.Problems;
using Orders.Contracts;
using CancelOrderRequest = Orders.Contracts.CancelOrder;

namespace Orders.Api.Ops;

/// <summary>
/// POST /ops/api/orders/{id}/cancel: an operator cancels an order for its customer. It goes the customer's way, as a
/// CancelOrder request to the saga, so the saga's own compensations run (timeout unscheduled, stock released) and no
/// other service's table is touched; the saga refuses once the order is paid, as it does for the customer.
/// </summary>
internal static class ForceCancel
{
    public static async Task<Results<Ok<ActionResultBody>, ProblemHttpResult, RetryLaterResult>> HandleAsync(
        Guid id,
        OperatorActionRequest request,
        ClaimsPrincipal user,
        OpsReads reads,
        OrderingDbContext db,
        IRequestClient<CancelOrderRequest> saga,
        IOptions<OrdersOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (AuditLog.Refusal(request) is { } refusal)
        {
            return Problem.Invalid("reason", refusal);
        }

        if (await reads.OrderAsync(id, cancellationToken) is not { } order)
        {
            return Problem.NotFound($"No order {id} exists.");
        }

        if (OrderStatus.IsFinal(order.Status))
        {
            return Problem.NotCancellable(order.Status);
        }

        var logger = loggers.CreateLogger(typeof(ForceCancel));
        var entry = await AuditLog.BeginAsync(db, clock, user, AuditActions.ForceCancel, id.ToString(), request.Reason!.Trim(), cancellationToken);
        Response<OrderCancellationAccepted, OrderCancellationRejected> answer;
        try
        {
            answer = await saga.GetResponse<OrderCancellationAccepted, OrderCancellationRejected>(
                new CancelOrderRequest(id), CancellationToken.None, RequestTimeout.After(ms: (int)options.Value.CancelTimeout.TotalMilliseconds));
        }
        catch (RequestTimeoutException)
        {
            await AuditLog.EndAsync(db, entry, "no answer from the saga");
            return Problem.DependencyUnavailable("The order workflow");
        }

        if (answer.Is(out Response<OrderCancellationRejected>? rejected))
        {
            await AuditLog.EndAsync(db, entry, $"rejected: the order is {rejected.Message.CurrentStatus}");
            return Problem.NotCancellable(rejected.Message.CurrentStatus);
        }

        logger.LogWarning("Order {OrderId} force-cancelled by operator {Operator}", id, entry.Actor);
        return TypedResults.Ok(await AuditLog.EndAsync(db, entry, "cancelled"));
    }
}
