namespace Orleans.DynamicDb.Client.Tls;

/// <summary>
/// TLS on the client's connections to the silos' gateways (<c>DynamicDb:Client:Tls</c>). TLS is on when
/// <see cref="CertificatePath"/> or <see cref="TrustedCertificatePath"/> is set; it must be on exactly when the silos
/// run with <c>DynamicDb:Tls:CertificatePath</c>.
/// </summary>
public sealed class DynamicDbClientTlsOptions
{
    /// <summary>
    /// A PKCS#12 file (<c>.pfx</c>) with the client's certificate and private key, presented to the silo (silos with
    /// <c>DynamicDb:Tls:RequireClientCertificate</c>, the default, refuse clients without one). Default: empty (no
    /// client certificate).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>. Default: empty (no password).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The certificate (PEM or DER; a <c>.pfx</c> without password also works) the silos' certificates must chain to:
    /// their certificate authority, or the silos' self-signed certificate itself. Default: empty, which trusts exactly the
    /// client's own certificate (<see cref="CertificatePath"/>), the deployment where silos and clients share one
    /// self-signed certificate. The operating system's trust store is never used: a certificate some public authority
    /// issued to someone else must not open the cluster.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>True when TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(TrustedCertificatePath);
}
