using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using Orleans.DynamicDb.Client.Tls;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// TLS on Orleans' silo-to-silo and gateway connections, from <c>DynamicDb:Tls</c> (<see cref="DynamicDbTlsOptions"/>),
/// through <c>Microsoft.Orleans.Connections.Security</c>. A peer (client or silo) is trusted when its certificate is the
/// trusted certificate or chains to it; revocation is not checked, host names are not (silos connect by address).
/// </summary>
public static class OrleansTls
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Turns TLS on for the silo's inbound silo and gateway connections and its outbound silo connections when
    /// <c>DynamicDb:Tls:CertificatePath</c> is set; does nothing otherwise.
    /// </summary>
    /// <exception cref="OptionsValidationException">A TLS setting is invalid (missing file, wrong password...); the message names it.</exception>
    public static ISiloBuilder UseDynamicDbTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(DynamicDbTlsOptions.SectionName).Get<DynamicDbTlsOptions>() ?? new();
        var failures = new List<string>();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.TrustedCertificatePath))
            {
                failures.Add(
                    $"{DynamicDbTlsOptions.Setting(nameof(options.TrustedCertificatePath))} is set but {DynamicDbTlsOptions.Setting(nameof(options.CertificatePath))} is not: "
                    + "TLS needs the silo's own certificate (.pfx) too.");
                throw Invalid(failures);
            }

            return silo;
        }

        var certificate = LoadPkcs12(options, failures);
        var trusted = string.IsNullOrWhiteSpace(options.TrustedCertificatePath) ? certificate : ClusterTrust.LoadCertificate(
                DynamicDbTlsOptions.Setting(nameof(DynamicDbTlsOptions.TrustedCertificatePath)),
                options.TrustedCertificatePath,
                "the certificate (PEM or DER) of the authority that issued the cluster's certificates",
                failures);
        if (failures.Count > 0 || certificate is null || trusted is null)
        {
            throw Invalid(failures);
        }

        silo.UseTls(tls =>
        {
            tls.LocalCertificate = certificate;
            tls.RemoteCertificateMode = options.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
            tls.RemoteCertificateValidation = (remote, chain, _) => ClusterTrust.ChainsTo(remote, chain, trusted);
        });
        return silo;
    }

    private static X509Certificate2? LoadPkcs12(DynamicDbTlsOptions options, List<string> failures)
    {
        var setting = DynamicDbTlsOptions.Setting(nameof(options.CertificatePath));
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            failures.Add($"{setting} '{path}' does not exist: set it to a PKCS#12 (.pfx) file with the silo's certificate and private key.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            failures.Add($"{setting} '{path}' cannot be read ({e.Message.TrimEnd('.')}): check the file and {DynamicDbTlsOptions.Setting(nameof(options.CertificatePassword))}.");
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            failures.Add($"{setting} '{path}' holds no private key: export the certificate with its key (.pfx).");
        }

        if (ClusterTrust.AllowsUsage(certificate, ServerAuthentication) is false)
        {
            failures.Add($"{setting} '{path}' holds a certificate whose extended key usage does not allow server authentication (1.3.6.1.5.5.7.3.1).");
        }

        if (options.RequireClientCertificate && ClusterTrust.AllowsUsage(certificate, ClientAuthentication) is false)
        {
            failures.Add(
                $"{setting} '{path}' holds a certificate whose extended key usage does not allow client authentication (1.3.6.1.5.5.7.3.2), "
                + $"which silos need to connect to each other while {DynamicDbTlsOptions.Setting(nameof(options.RequireClientCertificate))} is true.");
        }

        return certificate;
    }

    private static OptionsValidationException Invalid(List<string> failures) =>
        new(DynamicDbTlsOptions.SectionName, typeof(DynamicDbTlsOptions), failures);
}
