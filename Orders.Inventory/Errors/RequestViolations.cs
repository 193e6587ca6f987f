using Google.Rpc;
using Orders.Contracts;

namespace Orders.Inventory.Errors;

/// <summary>
/// Collects every problem of a request before any database work, so one INVALID_ARGUMENT names all the bad fields.
/// Field paths follow the proto: <c>order_id</c>, <c>lines[2].sku</c>.
/// </summary>
public sealed class RequestViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public void Add(string field, string description) =>
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

    /// <summary>The order id as a UUID; records a violation and returns <see cref="Guid.Empty"/> when it is not one.</summary>
    public Guid OrderId(string value, string field = "order_id")
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
            return Guid.Empty;
        }

        if (!Guid.TryParseExact(value, "D", out var orderId) || orderId == Guid.Empty)
        {
            Add(field, "must be a non-empty UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301");
            return Guid.Empty;
        }

        return orderId;
    }

    /// <summary>Records a violation unless <paramref name="sku"/> matches <see cref="OrderLimits.SkuPattern"/>.</summary>
    public bool Sku(string sku, string field)
    {
        if (OrderLimits.IsValidSku(sku))
        {
            return true;
        }

        Add(field, string.IsNullOrEmpty(sku) ? "is required" : $"must match {OrderLimits.SkuPattern}");
        return false;
    }

    public void ThrowIfAny()
    {
        if (_violations.Count > 0)
        {
            throw InventoryErrors.InvalidArgument(_violations);
        }
    }
}
