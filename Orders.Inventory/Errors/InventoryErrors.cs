using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Orders.Contracts.Inventory;

namespace Orders.Inventory.Errors;

/// <summary>The rich gRPC errors of Inventory: a status code, a message for people, and details for programs.</summary>
public static class InventoryErrors
{
    public static RpcException InvalidArgument(IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        var fields = string.Join(", ", badRequest.FieldViolations.Select(v => v.Field));
        return Build(Code.InvalidArgument, $"The request is invalid: {fields}.", Any.Pack(badRequest));
    }

    public static RpcException UnknownSkus(IReadOnlyCollection<string> skus)
    {
        var details = skus.Select(sku => Any.Pack(new ResourceInfo
        {
            ResourceType = "product",
            ResourceName = sku,
            Description = $"No product has SKU {sku}.",
        }));
        return Build(
            Code.NotFound,
            $"Unknown SKU(s): {string.Join(", ", skus)}.",
            [Reason(InventoryErrorReasons.UnknownSku, skus), .. details]);
    }

    public static RpcException InsufficientStock(IReadOnlyCollection<(string Sku, int Requested, int Available)> shortages)
    {
        var failure = new PreconditionFailure();
        failure.Violations.AddRange(shortages.Select(s => new PreconditionFailure.Types.Violation
        {
            Type = "STOCK",
            Subject = s.Sku,
            Description = $"requested {s.Requested}, available {s.Available}",
        }));
        var skus = shortages.Select(s => s.Sku).ToList();
        return Build(
            Code.FailedPrecondition,
            $"Insufficient stock for: {string.Join(", ", skus)}.",
            Reason(InventoryErrorReasons.InsufficientStock, skus),
            Any.Pack(failure));
    }

    public static RpcException MixedCurrencies(IEnumerable<string> currencies) =>
        Build(
            Code.FailedPrecondition,
            $"The lines are priced in more than one currency ({string.Join(", ", currencies)}); reserve them as separate orders.",
            Reason(InventoryErrorReasons.MixedCurrencies, []));

    public static RpcException ReservationNotFound(Guid orderId) =>
        Build(
            Code.NotFound,
            $"No reservation exists for order {orderId}.",
            Reason(InventoryErrorReasons.ReservationNotFound, [], orderId),
            Any.Pack(new ResourceInfo { ResourceType = "reservation", ResourceName = orderId.ToString() }));

    public static RpcException ReservationReleased(Guid orderId) =>
        ReservationState(orderId, InventoryErrorReasons.ReservationReleased, "was released and can no longer be committed");

    public static RpcException ReservationCommitted(Guid orderId) =>
        ReservationState(orderId, InventoryErrorReasons.ReservationCommitted, "was committed and can no longer be released");

    public static RpcException OnHandBelowReserved(string sku, int onHand, int reserved)
    {
        var failure = new PreconditionFailure();
        failure.Violations.Add(new PreconditionFailure.Types.Violation
        {
            Type = "STOCK",
            Subject = sku,
            Description = $"on hand {onHand} is below reserved {reserved}",
        });
        return Build(
            Code.FailedPrecondition,
            $"On hand for {sku} cannot go below the {reserved} reserved.",
            Reason(InventoryErrorReasons.OnHandBelowReserved, [sku]),
            Any.Pack(failure));
    }

    private static RpcException ReservationState(Guid orderId, string reason, string what)
    {
        var failure = new PreconditionFailure();
        failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = "RESERVATION", Subject = orderId.ToString(), Description = what });
        return Build(
            Code.FailedPrecondition,
            $"The reservation of order {orderId} {what}.",
            Reason(reason, [], orderId),
            Any.Pack(failure));
    }

    private static Any Reason(string reason, IEnumerable<string> skus, Guid? orderId = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = InventoryErrorReasons.Domain };
        var list = string.Join(",", skus);
        if (list.Length > 0)
        {
            info.Metadata["skus"] = list;
        }

        if (orderId is { } id)
        {
            info.Metadata["order_id"] = id.ToString();
        }

        return Any.Pack(info);
    }

    private static RpcException Build(Code code, string message, params IEnumerable<Any> details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details);
        return status.ToRpcException();
    }
}
