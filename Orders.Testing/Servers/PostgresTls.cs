using System.Security.Cryptography.X509Certificates;

namespace Orders.Testing.Servers;

/// <summary>
/// TLS for a <see cref="PrivatePostgres"/>: <c>ssl = on</c> with a server certificate for <c>localhost</c> and 127.0.0.1
/// signed by <paramref name="Authority"/>; with <paramref name="RefusePlain"/>, pg_hba.conf has <c>hostssl</c> lines only,
/// so a connection without TLS is refused (<c>no pg_hba.conf entry … no encryption</c>).
/// </summary>
public sealed record PostgresTls(X509Certificate2 Authority, bool RefusePlain)
{
    // PostgreSQL's defaults for ssl_cert_file and ssl_key_file, relative to the data folder.
    private const string CertificateFile = "server.crt";
    private const string KeyFile = "server.key";

    /// <summary>Writes the certificate, its key (owned by the server's user, mode 0600, as PostgreSQL demands) and pg_hba.conf.</summary>
    internal async Task ConfigureAsync(string dataFolder, string osUser)
    {
        using var certificate = TestCertificates.CreateServerCertificate(Authority);
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("the test server certificate has no EC key");
        await WriteAsync(Path.Combine(dataFolder, CertificateFile), certificate.ExportCertificatePem(), osUser);
        await WriteAsync(Path.Combine(dataFolder, KeyFile), key.ExportPkcs8PrivateKeyPem(), osUser);
        if (RefusePlain)
        {
            await WriteAsync(Path.Combine(dataFolder, "pg_hba.conf"), string.Join('\n',
                "local all all trust",
                "hostssl all all 127.0.0.1/32 trust",
                "hostssl all all ::1/128 trust",
                string.Empty), osUser);
        }
    }

    private static async Task WriteAsync(string path, string text, string osUser)
    {
        await File.WriteAllTextAsync(path, text);
        await ServerProcess.RunAsync("chmod", "600", path);
        if (ServerProcess.IsRoot)
        {
            await ServerProcess.RunAsync("chown", osUser, path);
        }
    }
}
