using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orders.Api.Auth;
using Orders.Api.Problems;
using Orders.Contracts;
using CancelOrderRequest = Orders.Contracts.CancelOrder;

namespace Orders.Api.Orders;

/// <summary>
/// POST /orders/{id}/cancel: only the saga knows whether the order can still be cancelled, so ask it (request/response
/// over the bus) and wait a bounded time. The saga answers from its outbox, after its transaction committed, so the order
/// read after an accepted answer already shows Cancelled.
/// </summary>
internal static class CancelOrder
{
    public static async Task<Results<Ok<OrderBody>, ProblemHttpResult, RetryLaterResult>> HandleAsync(
        Guid id,
        ClaimsPrincipal user,
        OrderReads orders,
        IRequestClient<CancelOrderRequest> saga,
        IOptions<OrdersOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var customerId = user.CustomerId();
        if (await orders.FindOwnAsync(id, customerId, cancellationToken) is not { } order)
        {
            return Problem.NotFound($"No order {id} exists for this customer.");
        }

        // A final status never changes again: no need to ask.
        if (OrderStatus.IsFinal(order.Status))
        {
            return Problem.NotCancellable(order.Status);
        }

        var logger = loggers.CreateLogger(typeof(CancelOrder));
        Response<OrderCancellationAccepted, OrderCancellationRejected> answer;
        try
        {
            answer = await saga.GetResponse<OrderCancellationAccepted, OrderCancellationRejected>(
                new CancelOrderRequest(id), cancellationToken, RequestTimeout.After(ms: (int)options.Value.CancelTimeout.TotalMilliseconds));
        }
        catch (RequestTimeoutException)
        {
            logger.LogWarning("The saga did not answer the cancellation of order {OrderId} within {Timeout}", id, options.Value.CancelTimeout);
            return Problem.DependencyUnavailable("The order workflow");
        }

        if (answer.Is(out Response<OrderCancellationRejected>? rejected))
        {
            logger.LogInformation("Cancellation of order {OrderId} rejected: it is {Status}", id, rejected.Message.CurrentStatus);
            return Problem.NotCancellable(rejected.Message.CurrentStatus);
        }

        if (!answer.Is(out Response<OrderCancellationAccepted>? _))
        {
            throw new InvalidOperationException($"Unexpected answer to the cancellation of order {id}: {answer.Message.GetType().Name}");
        }

        logger.LogInformation("Order {OrderId} cancelled by its customer", id);
        return TypedResults.Ok((await orders.FindOwnAsync(id, customerId, CancellationToken.None))!);
    }
}
