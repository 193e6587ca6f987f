using System.Text.RegularExpressions;

namespace Orders.Contracts;

/// <summary>
/// Limits of an order's lines, shared so that the REST API and Inventory accept and refuse exactly the same requests.
/// </summary>
public static partial class OrderLimits
{
    public const string SkuPattern = "^[A-Z0-9][A-Z0-9-]{2,31}$";

    public const int MaxLines = 50;

    public const int MinQuantity = 1;

    public const int MaxQuantity = 1000;

    /// <summary>Whether <paramref name="sku"/> matches <see cref="SkuPattern"/> as a whole.</summary>
    public static bool IsValidSku(string? sku)
    {
        if (string.IsNullOrEmpty(sku))
        {
            return false;
        }

        // "$" also matches before a final newline; comparing lengths makes the match cover the whole string.
        var match = Sku().Match(sku);
        return match.Success && match.Length == sku.Length;
    }

    [GeneratedRegex(SkuPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Sku();
}
