namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// TLS on Orleans' silo-to-silo and gateway connections (<c>DynamicDb:Tls</c>). Without it those ports carry no
/// authentication and no encryption: anything that reaches them can call every grain. TLS is on when
/// <see cref="CertificatePath"/> is set; every silo of a cluster and every remote client must then use TLS. The HTTP
/// gateway is not affected (its address and certificate come from <c>--urls</c>/Kestrel).
/// </summary>
public sealed class DynamicDbTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Tls";

    /// <summary>
    /// A PKCS#12 file (<c>.pfx</c>) with this silo's certificate and private key, presented to clients and to other silos.
    /// Its extended key usage, if any, must allow server authentication, and client authentication too when
    /// <see cref="RequireClientCertificate"/> is on (silos present it to each other). Default: empty, TLS off.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>. Default: empty (no password).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The certificate (PEM or DER; a <c>.pfx</c> without password also works) that the certificates of clients and other
    /// silos must be or chain to: their certificate authority. Default: empty, which trusts exactly this silo's own
    /// certificate, the deployment where silos and clients share one self-signed certificate. The operating system's
    /// trust store is never used, so a certificate a public authority issued to someone else does not open the cluster.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>
    /// Whether clients (and other silos) must present a trusted certificate to connect. Default: true. When false the
    /// connections are still encrypted and the silo still proves its identity, but any client that reaches the gateway
    /// port can call every grain.
    /// </summary>
    public bool RequireClientCertificate { get; set; } = true;

    /// <summary>True when TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>The full name of a setting, e.g. <c>DynamicDb:Tls:CertificatePath</c>.</summary>
    public static string Setting(string name) => $"{SectionName}:{name}";
}
