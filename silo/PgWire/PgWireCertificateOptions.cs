namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The TLS certificate of the wire frontend (<c>DynamicDb:PgWire:Certificate</c>); none by default, then SSLRequest is answered 'N'.</summary>
public sealed class PgWireCertificateOptions
{
    /// <summary>
    /// The certificate file: PEM (a <c>BEGIN CERTIFICATE</c> block, its key in the same file or in <see cref="KeyPath"/>)
    /// or PKCS#12 (<c>.pfx</c>/<c>.p12</c>, the key inside). Default: none (no TLS).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file when it is not in <see cref="Path"/>. Default: none (the key is read from <see cref="Path"/>).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key. Default: none.</summary>
    public string? Password { get; set; }
}
