using Orders.Api.Data;

namespace Orders.Api.Orders;

/// <summary>The order's shipping address as every endpoint returns it; never the payment token beside it.</summary>
public sealed record ShippingAddressBody(string Name, string Line1, string City, string PostalCode, string Country)
{
    public static ShippingAddressBody? From(ShippingAddress? address) =>
        address is null ? null : new ShippingAddressBody(address.Name, address.Line1, address.City, address.PostalCode, address.Country);
}
