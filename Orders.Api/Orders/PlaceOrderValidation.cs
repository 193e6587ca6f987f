using Orders.Contracts;

namespace Orders.Api.Orders;

/// <summary>What POST /orders accepts (CONTRACTS.md): every invalid field of a request is named at once, by its JSON path.</summary>
internal static class PlaceOrderValidation
{
    private const int MaxIdempotencyKeyLength = 64;
    private const int MaxTextLength = Data.ShippingAddress.MaxTextLength;

    public static Dictionary<string, string[]> Validate(PlaceOrder.PlaceOrderRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(message);
        }

        void Required(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "is required");
            }
            else if (value.Length > MaxTextLength)
            {
                Add(field, $"must be at most {MaxTextLength} characters");
            }
        }

        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
        {
            Add(PlaceOrder.IdempotencyHeader, $"must be 1 to {MaxIdempotencyKeyLength} printable characters");
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            Add("items", "at least one item is required");
        }
        else if (request.Items.Count > OrderLimits.MaxLines)
        {
            Add("items", $"at most {OrderLimits.MaxLines} items are allowed, got {request.Items.Count}");
        }
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < request.Items.Count; i++)
            {
                if (request.Items[i] is not { } item)
                {
                    Add($"items[{i}]", "must be an object with sku and quantity");
                    continue;
                }

                if (!OrderLimits.IsValidSku(item.Sku))
                {
                    Add($"items[{i}].sku", $"must match {OrderLimits.SkuPattern}");
                }
                else if (!seen.TryAdd(item.Sku!, i))
                {
                    Add($"items[{i}].sku", $"duplicates items[{seen[item.Sku!]}].sku; put the whole quantity on one line");
                }

                if (item.Quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
                {
                    Add($"items[{i}].quantity", $"must be between {OrderLimits.MinQuantity} and {OrderLimits.MaxQuantity}");
                }
            }
        }

        if (request.Payment is null)
        {
            Add("payment", "is required");
        }
        else
        {
            Required("payment.token", request.Payment.Token);
        }

        if (request.ShippingAddress is not { } address)
        {
            Add("shippingAddress", "is required");
        }
        else
        {
            Required("shippingAddress.name", address.Name);
            Required("shippingAddress.line1", address.Line1);
            Required("shippingAddress.city", address.City);
            Required("shippingAddress.postalCode", address.PostalCode);
            if (address.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
            {
                Add("shippingAddress.country", "must be a 2-letter uppercase ISO country code");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
