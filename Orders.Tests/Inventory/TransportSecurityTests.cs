using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Orders.Contracts.Inventory;
using Orders.Inventory;
using Orders.Migrations;
using Orders.ServiceDefaults;
using Orders.Testing;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Tests.Inventory;

/// <summary>
/// Inventory on HTTPS from configuration alone (Kestrel's certificate settings), with a certificate of a CA made here;
/// gRPC over HTTP/2 with TLS succeeds for a client that trusts that CA (as the Api and Workers do with
/// <c>Inventory:CertificateAuthority</c>) and is refused for one that does not.
/// </summary>
public sealed class TransportSecurityTests
{
    private const string CertificatePassword = "test-only";

    private TestAuthorities _tls = null!;
    private TestDatabase _database = null!;
    private WebApplication _inventory = null!;
    private Uri _address = null!;
    private string _authority = null!;
    private string _otherAuthority = null!;

    [OneTimeSetUp]
    public async Task StartInventoryOnHttps()
    {
        _tls = TestAuthorities.Create("orders-tls-");
        _authority = _tls.AuthorityPem;
        _otherAuthority = _tls.OtherAuthorityPem;
        var server = Path.Combine(_tls.Folder.FullName, "inventory.pfx");
        using (var certificate = TestCertificates.CreateServerCertificate(_tls.Authority))
        {
            await File.WriteAllBytesAsync(server, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        }

        _database = await TestDatabase.CreateAsync(nameof(TransportSecurityTests));
        await Migrator.MigrateAsync(_database.ConnectionString, CancellationToken.None);
        var builder = LoopbackApp.CreateBuilder(typeof(InventoryExtensions).Assembly, "Http2", new Dictionary<string, string?>
        {
            ["Urls"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = server,
            ["Kestrel:Certificates:Default:Password"] = CertificatePassword,
            ["ConnectionStrings:Inventory"] = _database.ConnectionStringAs(ServiceRoles.Inventory),
        });
        builder.AddInventory();
        _inventory = builder.Build();
        _inventory.MapInventory();
        await _inventory.StartAsync();

        // The loopback address, but by the name the certificate carries.
        _address = new UriBuilder(_inventory.Address()) { Host = "localhost" }.Uri;
    }

    [OneTimeTearDown]
    public async Task StopInventory()
    {
        if (_inventory is not null)
        {
            await _inventory.StopAsync();
            await _inventory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _tls?.Dispose();
    }

    [Test]
    public async Task A_client_that_trusts_the_CA_calls_Inventory_over_TLS()
    {
        Assert.That(_address.Scheme, Is.EqualTo(Uri.UriSchemeHttps));
        using var channel = Channel(CertificateAuthorityTrust.CreateHandler(_authority));

        var client = new InventoryClient(channel);

        // The demo catalogue is seeded in the background: NOT_FOUND until then, over TLS all the same.
        var status = await Eventually.Until(
            async () => await StatusOfAsync(client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0001" } }).ResponseAsync),
            code => code == StatusCode.OK,
            TimeSpan.FromSeconds(60));

        Assert.That(status, Is.EqualTo(StatusCode.OK));
    }

    [Test]
    public void A_client_that_trusts_another_CA_is_refused()
    {
        using var channel = Channel(CertificateAuthorityTrust.CreateHandler(_otherAuthority));

        var refused = Assert.ThrowsAsync<RpcException>(() => new InventoryClient(channel).GetStockAsync(new GetStockRequest { Skus = { "SKU-0001" } }).ResponseAsync);

        Assert.That(RefusedByTls(refused!.Status.DebugException), Is.True, refused.ToString());
    }

    [Test]
    public void A_client_with_only_the_system_roots_is_refused()
    {
        using var channel = Channel(CertificateAuthorityTrust.CreateHandler(certificateAuthority: null));

        var refused = Assert.ThrowsAsync<RpcException>(() => new InventoryClient(channel).GetStockAsync(new GetStockRequest { Skus = { "SKU-0001" } }).ResponseAsync);

        Assert.That(RefusedByTls(refused!.Status.DebugException), Is.True, refused.ToString());
    }

    [Test]
    public void A_plain_h2c_client_gets_no_answer_from_the_TLS_port()
    {
        using var channel = GrpcChannel.ForAddress(new UriBuilder(_address) { Scheme = Uri.UriSchemeHttp }.Uri);

        var refused = Assert.ThrowsAsync<RpcException>(() => new InventoryClient(channel).GetStockAsync(
            new GetStockRequest { Skus = { "SKU-0001" } }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.That(refused!.StatusCode, Is.Not.EqualTo(StatusCode.OK));
    }

    /// <summary>Whether the call failed in the TLS handshake (the server's certificate was not trusted).</summary>
    private static bool RefusedByTls(Exception? exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<StatusCode> StatusOfAsync(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return exception.StatusCode;
        }
    }

    private GrpcChannel Channel(SocketsHttpHandler handler) =>
        GrpcChannel.ForAddress(_address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });

}
