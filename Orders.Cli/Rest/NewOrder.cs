using System.Text.Json.Nodes;

namespace Orders.Cli.Rest;

/// <summary>
/// An order to place: one line, a payment token and a destination country, which is all the simulated gateway and
/// carrier look at to choose a path.
/// </summary>
public sealed record NewOrder(string Sku, int Quantity, string PaymentToken, string Country)
{
    /// <summary>The body of <c>POST /orders</c> (CONTRACTS.md).</summary>
    public JsonObject ToJson() => new()
    {
        ["items"] = new JsonArray(new JsonObject { ["sku"] = Sku, ["quantity"] = Quantity }),
        ["payment"] = new JsonObject { ["token"] = PaymentToken },
        ["shippingAddress"] = new JsonObject
        {
            ["name"] = "Ada Lovelace",
            ["line1"] = "12 Analytical St",
            ["city"] = "London",
            ["postalCode"] = "N1 9GU",
            ["country"] = Country,
        },
    };
}
