using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orders.ServiceDefaults;

/// <summary>
/// Services inside one deployment present certificates of the deployment's own CA. A client given that CA's PEM file
/// trusts it, and only it, for that one connection; without one, the operating system's roots apply (and plain h2c
/// needs no trust at all).
/// </summary>
public static class CertificateAuthorityTrust
{
    /// <param name="certificateAuthority">A PEM file of one or more CA certificates, or null for the system's roots.</param>
    public static SocketsHttpHandler CreateHandler(string? certificateAuthority)
    {
        // Several HTTP/2 connections once one's stream limit is reached, as the gRPC client factory does by default.
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (string.IsNullOrWhiteSpace(certificateAuthority))
        {
            return handler;
        }

        handler.SslOptions.CertificateChainPolicy = ChainPolicy(certificateAuthority);
        return handler;
    }

    /// <summary>
    /// A TLS certificate check for clients that take a callback (the RabbitMQ client): the name must match, and the chain
    /// must end in a CA of <paramref name="certificateAuthority"/> and in no other root.
    /// </summary>
    public static RemoteCertificateValidationCallback CreateValidator(string certificateAuthority)
    {
        var policy = ChainPolicy(certificateAuthority);
        return (_, certificate, _, errors) =>
        {
            // The system's verdict on the chain is replaced below; every other error (name, no certificate) stands.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain { ChainPolicy = policy.Clone() };
            return chain.Build(presented);
        };
    }

    private static X509ChainPolicy ChainPolicy(string certificateAuthority)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(certificateAuthority);
        if (authorities.Count == 0)
        {
            throw new InvalidOperationException($"{certificateAuthority} holds no PEM certificate.");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,

            // A private CA publishes no revocation list; its certificates are rotated instead (docs/security.md).
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }
}
