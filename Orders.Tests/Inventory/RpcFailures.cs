using Google.Protobuf;
using Grpc.Core;

namespace Orders.Tests.Inventory;

/// <summary>Reads the failure of a call that must fail, and the google.rpc details it carries.</summary>
internal static class RpcFailures
{
    public static async Task<RpcException> FailsAsync<TResponse>(this AsyncUnaryCall<TResponse> call)
    {
        try
        {
            var response = await call;
            throw new AssertionException($"The call succeeded with {response} but was expected to fail.");
        }
        catch (RpcException exception)
        {
            return exception;
        }
    }

    public static TDetail Detail<TDetail>(this RpcException exception)
        where TDetail : class, IMessage<TDetail>, new() =>
        exception.GetRpcStatus()?.GetDetail<TDetail>()
        ?? throw new AssertionException($"The {exception.StatusCode} error carries no {typeof(TDetail).Name} detail.");

    public static IReadOnlyList<TDetail> Details<TDetail>(this RpcException exception)
        where TDetail : class, IMessage<TDetail>, new()
    {
        var status = exception.GetRpcStatus() ?? throw new AssertionException($"The {exception.StatusCode} error carries no rich status.");
        return [.. status.Details.Where(detail => detail.Is(new TDetail().Descriptor)).Select(detail => detail.Unpack<TDetail>())];
    }
}
