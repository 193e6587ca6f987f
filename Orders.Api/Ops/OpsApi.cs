namespace Orders.Api.Ops;

/// <summary>
/// The operations console (docs/operations.md): its page under <c>/ops</c> and a JSON API for every view under
/// <c>/ops/api</c>, all for tokens with the claim <c>role: ops</c> only; any other token gets 403.
/// </summary>
public static class OpsApi
{
    public const string Prefix = "/ops";

    public static WebApplication MapOps(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ops = app.MapGroup(Prefix).RequireAuthorization(OpsRole.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        ops.MapGet("/", ConsolePage.Index).ExcludeFromDescription();
        ops.MapGet("/{file:regex(^[a-z]+\\.(css|js|html)$)}", ConsolePage.Asset).ExcludeFromDescription();

        var api = ops.MapGroup("/api").WithTags("Operations");
        api.MapGet("/orders", OpsViewsApi.LiveOrdersAsync).WithName("OpsLiveOrders")
            .WithSummary("Recent orders with status and age, counts per status, stuck orders flagged; filter by status, cancellation reason, id prefix");
        api.MapGet("/orders/{id:guid}", OpsViewsApi.OrderAsync).WithName("OpsOrder")
            .WithSummary("One order: timeline, saga state and scheduled timeout, payment, shipment, reservation, trace id");
        api.MapPost("/orders/{id:guid}/cancel", ForceCancel.HandleAsync).WithName("OpsForceCancel")
            .WithSummary("Cancels an order through the saga, as its customer could; audited")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/failed", FailedMessages.ListAsync).WithName("OpsFailedMessages")
            .WithSummary("Every _error queue with its messages: type, order id, exception, when it failed");
        api.MapPost("/failed/{queue}/messages/{messageId}/redrive", FailedMessages.RedriveOneAsync).WithName("OpsRedrive")
            .WithSummary("Sends one failed message back to its original queue (confirmed, then removed from the error queue); audited");
        api.MapPost("/failed/{queue}/redrive", FailedMessages.RedriveAllAsync).WithName("OpsRedriveAll")
            .WithSummary("Sends every failed message of the error queue back to its original queue; audited");
        api.MapPost("/failed/{queue}/messages/{messageId}/discard", FailedMessages.DiscardAsync).WithName("OpsDiscard")
            .WithSummary("Removes one failed message for good; audited");
        api.MapGet("/pipeline", OpsViewsApi.PipelineAsync).WithName("OpsPipeline")
            .WithSummary("Per service: pending outbox rows, the oldest one's age, scheduled messages due soon; queue depths and consumers");
        api.MapGet("/audit", AuditLog.ListAsync).WithName("OpsAuditLog")
            .WithSummary("The operators' actions, newest first");

        return app;
    }
}
