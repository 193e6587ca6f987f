using Orders.Contracts.Inventory;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Tests.Inventory;

/// <summary>Short ways to say the requests the tests make.</summary>
internal static class InventoryRequests
{
    public static ReserveStockRequest Reserve(Guid orderId, params (string Sku, int Quantity)[] lines)
    {
        var request = new ReserveStockRequest { OrderId = orderId.ToString() };
        request.Lines.AddRange(lines.Select(line => new ReserveLine { Sku = line.Sku, Quantity = line.Quantity }));
        return request;
    }

    public static ReservationRequest Order(Guid orderId) => new() { OrderId = orderId.ToString() };

    public static async Task<StockLevel> GetStockLevelAsync(this InventoryClient client, string sku)
    {
        var reply = await client.GetStockAsync(new GetStockRequest { Skus = { sku } });
        return reply.Items.Single();
    }
}
