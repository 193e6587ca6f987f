namespace Orders.Api.Tests.Support;

/// <summary>How long Inventory's ReserveStock stalls before working (null: not at all).</summary>
public sealed class Slowness
{
    public TimeSpan? Delay { get; set; }
}
