using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.DynamicDb.Client.Tls;

/// <summary>
/// The certificates of <see cref="DynamicDbClientTlsOptions"/>, loaded and checked, and the trust rule applied to the
/// silos' certificates: a certificate is trusted when it is the trusted certificate itself or chains to it.
/// </summary>
internal sealed class ClientCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClientCertificates(X509Certificate2? local, X509Certificate2 trusted)
    {
        Local = local;
        Trusted = trusted;
    }

    /// <summary>The client's certificate with its private key, or null when the client presents none.</summary>
    public X509Certificate2? Local { get; }

    /// <summary>The certificate the silos' certificates must be or chain to.</summary>
    public X509Certificate2 Trusted { get; }

    /// <summary>Loads the certificates; each problem is added to <paramref name="failures"/> naming the setting under <paramref name="section"/>.</summary>
    public static ClientCertificates? Load(DynamicDbClientTlsOptions options, string section, List<string> failures)
    {
        var count = failures.Count;
        X509Certificate2? local = null;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            local = LoadPkcs12($"{section}:{nameof(options.CertificatePath)}", options.CertificatePath, options.CertificatePassword, $"{section}:{nameof(options.CertificatePassword)}", failures);
            if (local is not null && ClusterTrust.AllowsUsage(local, ClientAuthentication) is false)
            {
                failures.Add($"{section}:{nameof(options.CertificatePath)} '{options.CertificatePath}' holds a certificate whose extended key usage does not allow client authentication (1.3.6.1.5.5.7.3.2).");
            }
        }

        X509Certificate2? trusted = local;
        if (!string.IsNullOrWhiteSpace(options.TrustedCertificatePath))
        {
            trusted = ClusterTrust.LoadCertificate($"{section}:{nameof(options.TrustedCertificatePath)}", options.TrustedCertificatePath, "the certificate (PEM or DER) of the silos or of their certificate authority", failures);
        }

        return failures.Count == count && trusted is not null ? new ClientCertificates(local, trusted) : null;
    }

    /// <summary>True when <paramref name="remote"/> is the trusted certificate or chains to it (revocation is not checked).</summary>
    public bool IsTrusted(X509Certificate2 remote, X509Chain? presented) =>
        ClusterTrust.ChainsTo(remote, presented, Trusted) && ClusterTrust.AllowsUsage(remote, ServerAuthentication) is not false;

    private static X509Certificate2? LoadPkcs12(string setting, string path, string? password, string passwordSetting, List<string> failures)
    {
        if (!File.Exists(path))
        {
            failures.Add($"{setting} '{path}' does not exist: set it to a PKCS#12 (.pfx) file with a certificate and its private key.");
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
            if (!certificate.HasPrivateKey)
            {
                failures.Add($"{setting} '{path}' holds no private key: export the certificate with its key (.pfx).");
                return null;
            }

            return certificate;
        }
        catch (CryptographicException e)
        {
            failures.Add($"{setting} '{path}' cannot be read ({e.Message.TrimEnd('.')}): check the file and {passwordSetting}.");
            return null;
        }
    }
}
