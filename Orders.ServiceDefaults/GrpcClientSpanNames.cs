using System.Diagnostics;
using OpenTelemetry;

namespace Orders.ServiceDefaults;

/// <summary>
/// Names the gRPC client's span after the method it calls (<c>orders.inventory.v1.Inventory/ReserveStock</c>) instead of
/// <c>Grpc.Net.Client.GrpcOut</c>, and adds the <c>rpc.*</c> attributes, so that a trace reads like the call it was.
/// </summary>
internal sealed class GrpcClientSpanNames : BaseProcessor<Activity>
{
    private const string GrpcClientSource = "Grpc.Net.Client";

    public override void OnStart(Activity data) => Name(data);

    public override void OnEnd(Activity data) => Name(data);

    private static void Name(Activity activity)
    {
        if (activity.Source.Name != GrpcClientSource || activity.GetTagItem("grpc.method") is not string { Length: > 1 } method)
        {
            return;
        }

        var fullName = method.TrimStart('/');
        activity.DisplayName = fullName;
        activity.SetTag("rpc.system", "grpc");
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            activity.SetTag("rpc.service", fullName[..slash]);
            activity.SetTag("rpc.method", fullName[(slash + 1)..]);
        }

        if (activity.GetTagItem("grpc.status_code") is { } status)
        {
            activity.SetTag("rpc.grpc.status_code", status);
        }
    }
}
