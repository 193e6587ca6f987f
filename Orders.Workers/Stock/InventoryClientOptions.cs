namespace Orders.Workers.Stock;

/// <summary>Where Inventory is and how long one call may take (section <c>Inventory</c>).</summary>
public sealed class InventoryClientOptions
{
    public const string Section = "Inventory";

    /// <summary>Inventory's gRPC endpoint: <c>http://</c> for h2c (development), <c>https://</c> for HTTP/2 over TLS.</summary>
    public Uri Address { get; set; } = new("http://localhost:5090");

    /// <summary>PEM file of the CA that Inventory's certificate chains to; when set, only it is trusted.</summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>The gRPC deadline of one call; a call past it fails with DEADLINE_EXCEEDED and the message is retried.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    public DateTime DeadlineFromNow() => DateTime.UtcNow + Deadline;
}
