namespace Orders.Api.Ops;

/// <summary>A console view needs a setting this host lacks (the broker user or the management address): answered 503 naming it.</summary>
public sealed class OpsNotConfiguredException(string setting) : Exception($"The operations console needs {setting}, which is not configured.")
{
    public string Setting { get; } = setting;
}
