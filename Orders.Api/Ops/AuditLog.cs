using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orders.Api.Auth;
using Orders.Api.Data;

namespace Orders.Api.Ops;

/// <summary>
/// The audit log of operators' actions, in the Api's own schema. An action is recorded before it is taken (outcome
/// <c>started</c>) and updated with what came of it, so an action cut short by a crash still shows who began it.
/// </summary>
internal static class AuditLog
{
    public static async Task<AuditEntry> BeginAsync(
        OrderingDbContext db, TimeProvider clock, ClaimsPrincipal user, string action, string target, string reason, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = user.CustomerId(),
            Action = action,
            Target = target,
            Reason = reason,
            Outcome = "started",
        };
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public static async Task<ActionResultBody> EndAsync(OrderingDbContext db, AuditEntry entry, string outcome)
    {
        entry.Outcome = outcome.Length > 300 ? outcome[..300] : outcome;

        // Recorded even when the caller has gone: the action happened.
        await db.SaveChangesAsync(CancellationToken.None);
        return new ActionResultBody(entry.Outcome, Body(entry));
    }

    /// <summary>A reason is required and kept short: the log says why, not a story.</summary>
    public static string? Refusal(OperatorActionRequest? request) => request?.Reason switch
    {
        null or { Length: 0 } => "A reason is required.",
        { Length: > AuditEntry.MaxReasonLength } => $"The reason may be at most {AuditEntry.MaxReasonLength} characters.",
        _ when string.IsNullOrWhiteSpace(request.Reason) => "A reason is required.",
        _ => null,
    };

    /// <summary>GET /ops/api/audit: the newest entries first.</summary>
    public static async Task<Ok<List<AuditEntryBody>>> ListAsync(OrderingDbContext db, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var entries = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.ConvertAll(Body));
    }

    private static AuditEntryBody Body(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.Action, entry.Target, entry.Reason, entry.Outcome);
}
