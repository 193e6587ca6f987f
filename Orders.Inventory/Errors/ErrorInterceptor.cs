using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;

namespace Orders.Inventory.Errors;

/// <summary>
/// Turns failures the handlers did not mean to report into status codes a client can act on: a database that
/// cannot be reached is UNAVAILABLE (retry), anything else is INTERNAL with a generic message, logged here and
/// never sent to the client.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."));
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            logger.LogWarning(exception, "{Method} failed because the database is unavailable", context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "The inventory database is unavailable; retry later."));
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "{Method} failed unexpectedly", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, "An internal error occurred."));
        }
    }

    private static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
