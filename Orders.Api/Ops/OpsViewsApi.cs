using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Problems;

namespace Orders.Api.Ops;

/// <summary>The console's read handlers: orders live, one order, the pipeline.</summary>
internal static class OpsViewsApi
{
    public static async Task<Ok<LiveOrdersBody>> LiveOrdersAsync(
        OpsReads reads, string? status, string? reason, string? search, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reads.LiveAsync(status, reason, search, Math.Clamp(limit ?? 100, 1, 500), cancellationToken));

    public static async Task<Results<Ok<OrderDetailBody>, ProblemHttpResult>> OrderAsync(Guid id, OpsReads reads, CancellationToken cancellationToken) =>
        await reads.OrderAsync(id, cancellationToken) is { } order
            ? TypedResults.Ok(order)
            : Problem.NotFound($"No order {id} exists.");

    public static async Task<Ok<PipelineBody>> PipelineAsync(OpsReads reads, ErrorQueues queues, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var outboxes = await reads.OutboxesAsync(cancellationToken);
        List<QueueBody> depths = [];
        string? error = null;
        try
        {
            depths = await queues.QueuesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or OpsNotConfiguredException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The outboxes are worth showing while the management API is away.
            loggers.CreateLogger(typeof(OpsViewsApi)).LogWarning(exception, "RabbitMQ's management API could not be read");
            error = exception.Message;
        }

        return TypedResults.Ok(new PipelineBody(clock.GetUtcNow().UtcDateTime, outboxes, depths, error));
    }
}
