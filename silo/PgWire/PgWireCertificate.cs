using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Loads the frontend's TLS certificate from <see cref="PgWireCertificateOptions"/>: PEM (certificate and key in one file or
/// the key in <c>KeyPath</c>, optionally encrypted with <c>Password</c>) or PKCS#12. Every problem names the setting and the file.
/// </summary>
internal static class PgWireCertificate
{
    private static readonly string PathSetting = PgWireOptions.Setting("Certificate:Path");
    private static readonly string KeyPathSetting = PgWireOptions.Setting("Certificate:KeyPath");
    private static readonly string PasswordSetting = PgWireOptions.Setting("Certificate:Password");

    /// <summary>The certificate with its private key, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static X509Certificate2? TryLoad(PgWireCertificateOptions options, out string? problem)
    {
        problem = null;
        var path = options.Path!;
        if (!File.Exists(path))
        {
            problem = $"{PathSetting}: the file '{path}' does not exist.";
            return null;
        }

        if (options.KeyPath is { Length: > 0 } keyPath && !File.Exists(keyPath))
        {
            problem = $"{KeyPathSetting}: the file '{keyPath}' does not exist.";
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path) ? LoadPem(options) : LoadPkcs12(options);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            problem = Describe(options, path, e);
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            problem = $"{PathSetting}: the certificate in '{path}' comes without its private key; give the key file in {KeyPathSetting}.";
            return null;
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenText(path);
        var head = new char[4096];
        var read = file.ReadBlock(head, 0, head.Length);
        return new string(head, 0, read).Contains("-----BEGIN ", StringComparison.Ordinal);
    }

    private static X509Certificate2 LoadPem(PgWireCertificateOptions options)
    {
        var keyPath = options.KeyPath is { Length: > 0 } k ? k : options.Path!;
        return options.Password is { Length: > 0 } password
            ? X509Certificate2.CreateFromEncryptedPemFile(options.Path!, password, keyPath)
            : X509Certificate2.CreateFromPemFile(options.Path!, keyPath);
    }

    private static X509Certificate2 LoadPkcs12(PgWireCertificateOptions options) =>
        X509CertificateLoader.LoadPkcs12FromFile(options.Path!, options.Password, X509KeyStorageFlags.EphemeralKeySet);

    private static string Describe(PgWireCertificateOptions options, string path, Exception e)
    {
        if (!IsPem(path))
        {
            return $"{PathSetting}: '{path}' is not a PEM certificate and cannot be read as PKCS#12 (.pfx): {e.Message}" +
                (options.Password is { Length: > 0 } ? $" (is {PasswordSetting} right?)" : $" (does it need {PasswordSetting}?)");
        }

        var keyFile = options.KeyPath is { Length: > 0 } k ? k : path;
        var setting = options.KeyPath is { Length: > 0 } ? KeyPathSetting : PathSetting;
        return $"{setting}: no usable private key for the certificate in '{path}' was found in '{keyFile}': {e.Message}" +
            (options.KeyPath is { Length: > 0 } ? "" : $" (give the key file in {KeyPathSetting})");
    }
}
