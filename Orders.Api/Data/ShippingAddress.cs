namespace Orders.Api.Data;

/// <summary>
/// Where an order goes, as the customer wrote it: free text stored verbatim, shown to the customer with the order.
/// Orders placed before the API kept it have none.
/// </summary>
public sealed class ShippingAddress
{
    /// <summary>The longest text of each field, as POST /orders accepts it and the columns hold it.</summary>
    public const int MaxTextLength = 200;

    public required string Name { get; init; }

    public required string Line1 { get; init; }

    public required string City { get; init; }

    public required string PostalCode { get; init; }

    public required string Country { get; init; }
}
