using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.DynamicDb.Client.Tls;

/// <summary>
/// The cluster's trust rule, shared by the client and the silo: a peer is trusted when its certificate is the trusted
/// certificate or chains to it (the operating system's store is never consulted, revocation is not checked); and the
/// loading of a trusted certificate file with failures that name the setting.
/// </summary>
internal static class ClusterTrust
{
    /// <summary>True when <paramref name="remote"/> is <paramref name="trusted"/> or chains to it, helped by the certificates the peer presented.</summary>
    public static bool ChainsTo(X509Certificate2 remote, X509Chain? presented, X509Certificate2 trusted)
    {
        if (remote.RawDataMemory.Span.SequenceEqual(trusted.RawDataMemory.Span))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(remote);
    }

    /// <summary>
    /// The certificate in <paramref name="path"/> (PEM, DER, or a PFX without password), or null with a failure naming
    /// <paramref name="setting"/>; <paramref name="whatToSet"/> completes "set it to ...".
    /// </summary>
    public static X509Certificate2? LoadCertificate(string setting, string path, string whatToSet, List<string> failures)
    {
        if (!File.Exists(path))
        {
            failures.Add($"{setting} '{path}' does not exist: set it to {whatToSet}.");
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException)
        {
            try
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, null);
            }
            catch (CryptographicException e)
            {
                failures.Add($"{setting} '{path}' is not a certificate ({e.Message.TrimEnd('.')}): use a PEM or DER file.");
                return null;
            }
        }
    }

    /// <summary>Null when the certificate has no extended key usage (any use), else whether it lists <paramref name="oid"/>.</summary>
    public static bool? AllowsUsage(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == oid);
}
