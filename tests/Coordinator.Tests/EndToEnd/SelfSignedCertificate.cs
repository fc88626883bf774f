using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A throw-away cluster certificate, as `openssl req -x509 ... && openssl pkcs12 -export` would make one.</summary>
internal static class SelfSignedCertificate
{
    public static string WritePfx(string directory, string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
