namespace Orders.Api.Ops;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string ForceCancel = "force-cancel";
    public const string Redrive = "redrive";
    public const string RedriveAll = "redrive-all";
    public const string Discard = "discard";
}
