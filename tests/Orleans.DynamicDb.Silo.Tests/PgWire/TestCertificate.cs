using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// A self-signed certificate for <c>localhost</c>/127.0.0.1 made for a test, written as PEM (certificate, key) and as a
/// password-protected PKCS#12 file in a temporary folder that is deleted on dispose.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    public const string PfxPassword = "pfx-password-123";

    private readonly TempDirectory _folder = new();

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CombinedPemPath, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
        Thumbprint = certificate.Thumbprint;
    }

    /// <summary>The certificate alone (PEM).</summary>
    public string CertificatePath => _folder.Combine("server.crt");

    /// <summary>Its private key (PKCS#8 PEM).</summary>
    public string KeyPath => _folder.Combine("server.key");

    /// <summary>Certificate and key in one PEM file.</summary>
    public string CombinedPemPath => _folder.Combine("server.pem");

    /// <summary>Certificate and key in PKCS#12, protected by <see cref="PfxPassword"/>.</summary>
    public string PfxPath => _folder.Combine("server.pfx");

    public string Thumbprint { get; }

    /// <summary>A path in the certificate's folder, for files a test writes itself.</summary>
    public string Combine(string name) => _folder.Combine(name);

    public void Dispose() => _folder.Dispose();
}
