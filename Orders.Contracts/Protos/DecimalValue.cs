namespace Orders.Contracts.Inventory;

/// <summary>Conversions between <see cref="decimal"/> and the wire's units + nanos.</summary>
public sealed partial class DecimalValue
{
    private const decimal NanoFactor = 1_000_000_000m;

    public static DecimalValue FromDecimal(decimal value)
    {
        var units = decimal.ToInt64(decimal.Truncate(value));
        var nanos = decimal.ToInt32((value - units) * NanoFactor);
        return new DecimalValue { Units = units, Nanos = nanos };
    }

    public decimal ToDecimal() => Units + (Nanos / NanoFactor);
}
