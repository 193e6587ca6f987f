using System.Security.Cryptography.X509Certificates;

namespace Orders.Testing;

/// <summary>
/// What a TLS test needs: the CA that signs its servers' certificates and another CA that a client may wrongly trust,
/// each written as a PEM file (as the services' settings take them) to a temporary folder. Dispose deletes the folder
/// with anything else the test put in it.
/// </summary>
public sealed class TestAuthorities : IDisposable
{
    private TestAuthorities(string folderPrefix)
    {
        Folder = Directory.CreateTempSubdirectory(folderPrefix);
        Authority = TestCertificates.CreateAuthority("Orders Test CA");
        using var other = TestCertificates.CreateAuthority("Some Other CA");
        AuthorityPem = Write(Authority, "ca.pem");
        OtherAuthorityPem = Write(other, "other-ca.pem");
    }

    public DirectoryInfo Folder { get; }

    /// <summary>The CA, with its key, to sign server certificates with <see cref="TestCertificates.CreateServerCertificate"/>.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPem { get; }

    public string OtherAuthorityPem { get; }

    public static TestAuthorities Create(string folderPrefix) => new(folderPrefix);

    public void Dispose()
    {
        Authority.Dispose();
        Folder.Delete(recursive: true);
    }

    private string Write(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(Folder.FullName, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
