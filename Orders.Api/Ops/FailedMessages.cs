using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orders.Api.Data;
using Orders.Api.Problems;

namespace Orders.Api.Ops;

/// <summary>GET /ops/api/failed and the actions on one error queue: redrive one, redrive all, discard one; each audited.</summary>
internal static class FailedMessages
{
    public static async Task<Ok<List<FailedQueueBody>>> ListAsync(ErrorQueues queues, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queues.FailedAsync(cancellationToken));

    public static Task<Results<Ok<ActionResultBody>, ProblemHttpResult>> RedriveOneAsync(
        string queue, string messageId, OperatorActionRequest request, ClaimsPrincipal user, ErrorQueues queues, OrderingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ActAsync(queue, messageId, AuditActions.Redrive, request, user, queues, db, clock, cancellationToken);

    public static Task<Results<Ok<ActionResultBody>, ProblemHttpResult>> RedriveAllAsync(
        string queue, OperatorActionRequest request, ClaimsPrincipal user, ErrorQueues queues, OrderingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ActAsync(queue, null, AuditActions.RedriveAll, request, user, queues, db, clock, cancellationToken);

    public static Task<Results<Ok<ActionResultBody>, ProblemHttpResult>> DiscardAsync(
        string queue, string messageId, OperatorActionRequest request, ClaimsPrincipal user, ErrorQueues queues, OrderingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken) =>
        ActAsync(queue, messageId, AuditActions.Discard, request, user, queues, db, clock, cancellationToken);

    private static async Task<Results<Ok<ActionResultBody>, ProblemHttpResult>> ActAsync(
        string queue, string? messageId, string action, OperatorActionRequest request, ClaimsPrincipal user, ErrorQueues queues, OrderingDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ErrorQueues.IsErrorQueue(queue))
        {
            return Problem.NotFound($"{queue} is not an error queue.");
        }

        if (AuditLog.Refusal(request) is { } refusal)
        {
            return Problem.Invalid("reason", refusal);
        }

        var target = messageId is null ? queue : $"{queue}/{messageId}";
        var entry = await AuditLog.BeginAsync(db, clock, user, action, target, request.Reason!.Trim(), cancellationToken);
        int? moved;
        try
        {
            // Once started, a move runs to its end: the caller going away must not stop it between publish and ack.
            moved = action == AuditActions.Discard
                ? await queues.DiscardAsync(queue, messageId!, CancellationToken.None)
                : await queues.RedriveAsync(queue, messageId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // BrokerProblems answers it; the audit log keeps that the action was tried and what stopped it.
            await AuditLog.EndAsync(db, entry, $"failed: {exception.Message}");
            throw;
        }

        if (moved is null)
        {
            await AuditLog.EndAsync(db, entry, "no such queue");
            return Problem.NotFound($"No error queue {queue} exists.");
        }

        if (messageId is not null && moved == 0)
        {
            await AuditLog.EndAsync(db, entry, "not found");
            return Problem.NotFound($"No message {messageId} rests in {queue}.");
        }

        var outcome = action == AuditActions.Discard
            ? "discarded"
            : $"{moved} message(s) sent back to {ErrorQueues.OriginalQueue(queue)}";
        return TypedResults.Ok(await AuditLog.EndAsync(db, entry, outcome));
    }
}
