using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The frontend's TLS server context, built once from <c>DynamicDb:PgWire:Certificate</c> (checked at start-up by
/// <see cref="PgWireOptionsValidator"/>) and shared by every connection; null when no certificate is configured.
/// </summary>
internal sealed class PgWireTls : IDisposable
{
    private readonly X509Certificate2? _certificate;

    public PgWireTls(IOptions<PgWireOptions> options)
    {
        var settings = options.Value;
        if (settings.Certificate?.Path is not { Length: > 0 })
        {
            return;
        }

        _certificate = PgWireCertificate.TryLoad(settings.Certificate, out var problem)
            ?? throw new OptionsValidationException(PgWireOptions.SectionName, typeof(PgWireOptions), [problem!]);
        Context = SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The server side of the TLS handshake, or null when TLS is not configured.</summary>
    public SslStreamCertificateContext? Context { get; }

    /// <summary>The certificate's subject, for the log.</summary>
    public string? Subject => _certificate?.Subject;

    public void Dispose() => _certificate?.Dispose();
}
