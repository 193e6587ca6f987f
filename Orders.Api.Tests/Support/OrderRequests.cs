using System.Text.Json.Nodes;

namespace Orders.Api.Tests.Support;

/// <summary>Request bodies of POST /orders, as JSON, so tests can break them in any way a client could.</summary>
public static class OrderRequests
{
    public static JsonObject Valid(params (string Sku, int Quantity)[] lines)
    {
        if (lines.Length == 0)
        {
            lines = [("SKU-0001", 2)];
        }

        return new JsonObject
        {
            ["items"] = new JsonArray([.. lines.Select(line => (JsonNode)new JsonObject { ["sku"] = line.Sku, ["quantity"] = line.Quantity })]),
            ["payment"] = new JsonObject { ["token"] = "tok_visa" },
            ["shippingAddress"] = new JsonObject
            {
                ["name"] = "Ada Lovelace",
                ["line1"] = "12 Analytical St",
                ["city"] = "London",
                ["postalCode"] = "N1 9GU",
                ["country"] = "GB",
            },
        };
    }
}
