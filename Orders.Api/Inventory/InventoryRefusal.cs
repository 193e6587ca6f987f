using Google.Rpc;
using Grpc.Core;

namespace Orders.Api.Inventory;

/// <summary>Reads the <c>google.rpc</c> details of an Inventory error: its reason and the SKUs or fields it is about.</summary>
internal static class InventoryRefusal
{
    public static string? Reason(RpcException exception) => exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    public static IReadOnlyList<string> Skus(RpcException exception)
    {
        var status = exception.GetRpcStatus();
        if (status?.GetDetail<ErrorInfo>() is { } info && info.Metadata.TryGetValue("skus", out var skus) && skus.Length > 0)
        {
            return skus.Split(',');
        }

        if (status?.GetDetail<PreconditionFailure>() is { } failure)
        {
            return [.. failure.Violations.Select(v => v.Subject)];
        }

        return [];
    }

    public static IEnumerable<(string Field, string Description)> FieldViolations(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)) ?? [];
}
