namespace Orders.Api.Inventory;

public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>Inventory's gRPC endpoint: <c>http://</c> for h2c (development), <c>https://</c> for HTTP/2 over TLS.</summary>
    public Uri Address { get; set; } = new("http://localhost:5090");

    /// <summary>PEM file of the CA that Inventory's certificate chains to; when set, only it is trusted.</summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>Deadline of one call, retries included: an order request never waits longer on Inventory.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(2);
}
