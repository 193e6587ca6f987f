using Grpc.Core;
using Orders.Contracts.Inventory;
using Orders.Inventory.Reservations;
using Orders.Inventory.Stock;
using InventoryGrpc = Orders.Contracts.Inventory.Inventory;

namespace Orders.Inventory;

/// <summary>The gRPC surface: one line per call, the work is in the feature it names.</summary>
public sealed class InventoryService(
    ReserveStock reserveStock,
    ReleaseReservation releaseReservation,
    CommitReservation commitReservation,
    GetStock getStock,
    SetStock setStock) : InventoryGrpc.InventoryBase
{
    public override Task<ReserveStockReply> ReserveStock(ReserveStockRequest request, ServerCallContext context) =>
        reserveStock.HandleAsync(request, context.CancellationToken);

    public override Task<ReservationReply> ReleaseReservation(ReservationRequest request, ServerCallContext context) =>
        releaseReservation.HandleAsync(request, context.CancellationToken);

    public override Task<ReservationReply> CommitReservation(ReservationRequest request, ServerCallContext context) =>
        commitReservation.HandleAsync(request, context.CancellationToken);

    public override Task<GetStockReply> GetStock(GetStockRequest request, ServerCallContext context) =>
        getStock.HandleAsync(request, context.CancellationToken);

    public override Task<GetStockReply> SetStock(SetStockRequest request, ServerCallContext context) =>
        setStock.HandleAsync(request, context.CancellationToken);
}
