using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// TLS for remoting with one cluster certificate: every node presents the same PKCS#12 certificate (mutual
/// authentication) and accepts exactly that certificate from its peers (pinned by thumbprint), so a self-signed
/// certificate works without a CA and a node without the file cannot join or listen in.
/// </summary>
public sealed class ClusterTls
{
    public const string CertificateVariable = "EVOPO_TLS_CERT";
    public const string PasswordVariable = "EVOPO_TLS_CERT_PASSWORD";

    private ClusterTls(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the certificate; a missing file, a wrong password or a certificate without private key is a clear error.</summary>
    public static ClusterTls Load(string path, string? password)
    {
        if (!File.Exists(path)) throw new CliException($"TLS certificate '{path}' not found");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"TLS certificate '{path}' cannot be read (wrong {PasswordVariable}, or not a PKCS#12 file): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new CliException($"TLS certificate '{path}' holds no private key: export it with its key (PKCS#12, .pfx)");
        return new ClusterTls(certificate);
    }

    public SslOptions ToSslOptions() => new()
    {
        X509Certificate = Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        ValidateCertificateHostname = false,
        CustomValidator = CertificateValidation.PinnedCertificate(Certificate.Thumbprint),
    };
}
