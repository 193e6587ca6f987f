namespace Orders.Contracts;

public sealed record ShippingAddress(string Name, string Line1, string City, string PostalCode, string Country);
