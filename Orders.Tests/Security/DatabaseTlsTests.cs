using System.Security.Authentication;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Orders.Contracts.Inventory;
using Orders.Inventory;
using Orders.Migrations;
using Orders.ServiceDefaults;
using Orders.Testing;
using Orders.Testing.Servers;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Tests.Security;

/// <summary>
/// PostgreSQL over TLS by configuration alone, as docs/security.md describes it: a private server with <c>ssl = on</c>, a
/// certificate of a CA made here and <c>hostssl</c> lines only. A client with <c>SSL Mode=VerifyFull;Root Certificate=ca.pem</c>
/// gets an encrypted session; one that trusts another CA, or asks for no TLS, is refused; the migrator and Inventory run
/// on such connection strings, through <see cref="ServiceDatabase.ConnectionString"/>, with every session encrypted.
/// </summary>
public sealed class DatabaseTlsTests
{
    private TestAuthorities _tls = null!;
    private PrivatePostgres _postgres = null!;
    private string _authority = null!;
    private string _otherAuthority = null!;

    [OneTimeSetUp]
    public async Task StartPostgresWithTls()
    {
        _tls = TestAuthorities.Create("orders-pg-tls-");
        _authority = _tls.AuthorityPem;
        _otherAuthority = _tls.OtherAuthorityPem;
        _postgres = await PrivatePostgres.StartNewAsync(new PostgresTls(_tls.Authority, RefusePlain: true));
    }

    [OneTimeTearDown]
    public async Task StopPostgres()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _tls?.Dispose();
    }

    [Test]
    public async Task A_client_that_verifies_the_server_against_the_CA_gets_an_encrypted_session()
    {
        await using var connection = new NpgsqlConnection(Verified(_authority));
        await connection.OpenAsync();

        await using var ssl = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        Assert.That(await ssl.ExecuteScalarAsync(), Is.True);
    }

    [Test]
    public void A_client_that_trusts_another_CA_is_refused()
    {
        using var connection = new NpgsqlConnection(Verified(_otherAuthority));

        var refused = Assert.CatchAsync(() => connection.OpenAsync());

        Assert.That(RefusedByTls(refused), Is.True, refused!.ToString());
    }

    [Test]
    public void A_client_without_TLS_is_refused_by_the_hostssl_only_server()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Unpooled()) { SslMode = SslMode.Disable }.ConnectionString);

        var refused = Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.SqlState, Is.EqualTo(PostgresErrorCodes.InvalidAuthorizationSpecification));
            Assert.That(refused.MessageText, Does.Contain("no encryption"));
        }
    }

    [Test]
    public void The_services_connection_string_keeps_the_TLS_settings()
    {
        var kept = new NpgsqlConnectionStringBuilder(ServiceDatabase.ConnectionString(Verified(_authority)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept.SslMode, Is.EqualTo(SslMode.VerifyFull));
            Assert.That(kept.RootCertificate, Is.EqualTo(_authority));
            Assert.That(kept.NoResetOnClose, Is.True);
        }
    }

    [Test]
    public async Task The_migrator_and_Inventory_run_over_TLS_from_their_connection_strings()
    {
        await Migrator.MigrateAsync(Verified(_authority), CancellationToken.None);
        var inventoryDatabase = new NpgsqlConnectionStringBuilder(Verified(_authority))
        {
            Username = ServiceRoles.Inventory,
            Password = TestEnvironment.ServiceRolePassword,
            Pooling = true,
        }.ConnectionString;
        var builder = LoopbackApp.CreateBuilder(typeof(InventoryExtensions).Assembly, "Http2", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = inventoryDatabase,
        });
        builder.AddInventory();
        await using var inventory = builder.Build();
        inventory.MapInventory();
        await inventory.StartAsync();
        try
        {
            using var channel = GrpcChannel.ForAddress(inventory.Address());
            var client = new InventoryClient(channel);

            // The demo catalogue is seeded in the background, by Inventory's DbContext: NOT_FOUND until then.
            var found = await Eventually.Holds(async () => await HasStockAsync(client), TimeSpan.FromSeconds(60));
            Assert.That(found, Is.True, "Inventory read its seeded catalogue");

            await using var connection = new NpgsqlConnection(Verified(_authority));
            await connection.OpenAsync();
            await using var sessions = new NpgsqlCommand(
                "SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.usename = @role",
                connection);
            sessions.Parameters.AddWithValue("role", ServiceRoles.Inventory);
            await using var reader = await sessions.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (all, encrypted) = (reader.GetInt64(0), reader.GetInt64(1));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(all, Is.Positive, "Inventory keeps pooled sessions open");
                Assert.That(encrypted, Is.EqualTo(all), "every session of Inventory is encrypted");
            }
        }
        finally
        {
            await inventory.StopAsync();
        }
    }

    private static async Task<bool> HasStockAsync(InventoryClient client)
    {
        try
        {
            await client.GetStockAsync(new GetStockRequest { Skus = { "SKU-0001" } });
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Whether the open failed in the TLS handshake (the server's certificate was not trusted).</summary>
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

    /// <summary>The documented client settings: the server's certificate is checked against the CA and its name.</summary>
    private string Verified(string authority) => new NpgsqlConnectionStringBuilder(Unpooled())
    {
        Host = "localhost",
        SslMode = SslMode.VerifyFull,
        RootCertificate = authority,
    }.ConnectionString;

    private string Unpooled() => new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Pooling = false, Timeout = 15 }.ConnectionString;

}
