namespace Orders.Api.Tests.Support;

public sealed record ShippingAddressView(string Name, string Line1, string City, string PostalCode, string Country)
{
    /// <summary>The address of <see cref="OrderRequests.Valid"/>.</summary>
    public static readonly ShippingAddressView Valid = new("Ada Lovelace", "12 Analytical St", "London", "N1 9GU", "GB");
}
