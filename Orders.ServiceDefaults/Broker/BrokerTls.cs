using System.Net.Security;
using System.Security.Authentication;
using MassTransit;

namespace Orders.ServiceDefaults.Broker;

/// <summary>
/// TLS to the broker (an <c>amqps://</c> URI), with the broker's certificate checked as any other server's. MassTransit on
/// its own accepts a certificate whose chain fails (it allows <see cref="SslPolicyErrors.RemoteCertificateChainErrors"/>)
/// and sets the protocol version itself; here the chain must be trusted, by the system's roots or by
/// <c>Messaging:CertificateAuthority</c> alone, the name must match the first node's, and the operating system picks the
/// protocol version.
/// </summary>
public static class BrokerTls
{
    public static void Configure(IRabbitMqSslConfigurator ssl, string? certificateAuthority)
    {
        ArgumentNullException.ThrowIfNull(ssl);
        ssl.Protocol = SslProtocols.None;
        ssl.EnforcePolicyErrors(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch
            | SslPolicyErrors.RemoteCertificateNotAvailable);
        if (!string.IsNullOrWhiteSpace(certificateAuthority))
        {
            ssl.CertificateValidationCallback = CertificateAuthorityTrust.CreateValidator(certificateAuthority);
        }
    }
}
