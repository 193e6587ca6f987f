using Orders.Api.Orders;

namespace Orders.Api;

/// <summary>The orders resource (CONTRACTS.md): one line per operation; each handler lives in its feature file.</summary>
public static class OrdersApi
{
    public static WebApplication MapOrdersApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var orders = app.MapGroup("/orders").RequireAuthorization().WithTags("Orders")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        orders.MapPost("/", PlaceOrder.HandleAsync).WithName("PlaceOrder")
            .WithSummary("Places an order: reserves stock, stores the order, starts its workflow")
            .Accepts<PlaceOrder.PlaceOrderRequest>("application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapGet("/{id:guid}", GetOrder.HandleAsync).WithName("GetOrder")
            .WithSummary("One of the caller's orders");
        orders.MapGet("/", ListOrders.HandleAsync).WithName("ListOrders")
            .WithSummary("The caller's orders, newest first, keyset-paginated");
        orders.MapPost("/{id:guid}/cancel", CancelOrder.HandleAsync).WithName("CancelOrder")
            .WithSummary("Asks the order workflow to cancel the order")
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}
