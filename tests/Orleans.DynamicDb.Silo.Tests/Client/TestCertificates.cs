using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>Self-signed certificates written to a test's directory, made with <see cref="CertificateRequest"/>.</summary>
internal static class TestCertificates
{
    public const string Password = "test-pfx-password";

    /// <summary>A self-signed certificate for server and client authentication, written as a password-protected PFX.</summary>
    public static string WritePfx(string directory, string name, string? password = Password, params string[] usages)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var oids = new OidCollection();
        foreach (var usage in usages.Length == 0 ? ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"] : usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var path = Path.Combine(directory, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    /// <summary>The public certificate of a PFX, written as PEM (what a client is given to trust the silos).</summary>
    public static string WritePublicPem(string pfxPath, string? password = Password)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password);
        var path = Path.ChangeExtension(pfxPath, ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
