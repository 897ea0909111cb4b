using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>
/// Encrypts the credentials the silo writes to disk with ASP.NET Core Data Protection (AES-256-CBC + HMAC-SHA256, keys
/// rotated every 90 days by Data Protection, old keys kept to read older files) under a key ring in
/// <see cref="KeyRingDirectory"/> (<c>{DataDirectory}/keys</c> in a silo), with a purpose string per kind of secret
/// (<see cref="SecretPurposes"/>). A protected file starts with <see cref="Header"/>; a file without it is an older
/// plaintext file: <see cref="ReadFile"/> answers its secret and rewrites it protected (migration). A protected file the
/// key ring cannot read (the ring is missing or another one) is <see cref="ErrorCodes.SecretUnreadable"/> naming the file
/// and the ring's folder. Thread-safe.
/// </summary>
public sealed class SecretProtector
{
    /// <summary>The key ring's folder name under a silo's data directory.</summary>
    public const string KeyRingFolderName = "keys";

    /// <summary>The Data Protection application name: every silo and engine of the product shares it, so one ring serves them all.</summary>
    public const string ApplicationName = "Orleans.DynamicDb";

    /// <summary>The first line of a protected file.</summary>
    public const string Header = "dyndb-protected:v1";

    private static readonly ConcurrentDictionary<string, SecretProtector> ByKeyRing = new(StringComparer.Ordinal);
    private readonly Lazy<IDataProtectionProvider> _provider;

    /// <summary>
    /// A protector of its own over <paramref name="keyRingDirectory"/>, not shared (tests: a ring read afresh). The folder is
    /// created and the ring read at the first use, not here: a silo whose settings are invalid (a data directory that is a
    /// file) reports them before anything touches the ring.
    /// </summary>
    internal SecretProtector(string keyRingDirectory)
    {
        KeyRingDirectory = Path.GetFullPath(keyRingDirectory);
        _provider = new Lazy<IDataProtectionProvider>(CreateProvider, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private IDataProtectionProvider CreateProvider()
    {
        if (!Directory.Exists(KeyRingDirectory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(KeyRingDirectory);
            }
            else
            {
                Directory.CreateDirectory(KeyRingDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return DataProtectionProvider.Create(
            new DirectoryInfo(KeyRingDirectory),
            builder => builder.SetApplicationName(ApplicationName).AddKeyEscrowSink(new KeyCreationSink(id => KeyCreated?.Invoke(id))));
    }

    /// <summary>The absolute folder of the key ring.</summary>
    public string KeyRingDirectory { get; }

    /// <summary>
    /// Raised with the id of each key Data Protection adds to the ring (the first one, then one per rotation, every 90
    /// days by default); the silo records it in the audit log as <c>key.changed</c>.
    /// </summary>
    public event Action<Guid>? KeyCreated;

    /// <summary>The protector of the key ring in <paramref name="keyRingDirectory"/>: one per folder in a process.</summary>
    public static SecretProtector ForKeyRing(string keyRingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyRingDirectory);
        return ByKeyRing.GetOrAdd(Path.GetFullPath(keyRingDirectory), static dir => new SecretProtector(dir));
    }

    /// <summary>The protector of the key ring of a silo whose data directory is <paramref name="dataDirectory"/> (<c>{dataDirectory}/keys</c>).</summary>
    public static SecretProtector ForDataDirectory(string dataDirectory) => ForKeyRing(Path.Combine(dataDirectory, KeyRingFolderName));

    /// <summary>Writes <paramref name="secret"/> protected for <paramref name="purpose"/> to <paramref name="path"/> (owner-only, replaced atomically).</summary>
    public void WriteFile(string path, string purpose, string secret)
    {
        var content = $"{Header}\n{_provider.Value.CreateProtector(purpose).Protect(secret)}\n";
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The secret in <paramref name="path"/>: unprotected, or — for an older plaintext file — read as it is and the file
    /// rewritten protected, then <paramref name="migrated"/> called with its path.
    /// </summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.SecretUnreadable"/> when the key ring cannot decrypt the file.</exception>
    public string ReadFile(string path, string purpose, Action<string>? migrated = null)
    {
        var content = File.ReadAllText(path);
        if (!content.StartsWith(Header + "\n", StringComparison.Ordinal))
        {
            var secret = content.Trim();
            WriteFile(path, purpose, secret);
            migrated?.Invoke(path);
            return secret;
        }

        try
        {
            return _provider.Value.CreateProtector(purpose).Unprotect(content[(Header.Length + 1)..].Trim());
        }
        catch (CryptographicException e)
        {
            throw new DynamicDbException(ErrorCodes.SecretUnreadable,
                $"The credential in '{path}' cannot be decrypted with the Data Protection key ring in '{KeyRingDirectory}': {e.Message} " +
                "The ring that encrypted it is missing or is another one; restore that folder from a backup (see docs/security.md, 'Credentials at rest').",
                isTransient: false, e);
        }
    }

    /// <summary>Whether <paramref name="path"/> holds a protected secret (rather than an older plaintext one).</summary>
    public static bool IsProtected(string path) =>
        File.Exists(path) && File.ReadAllText(path).StartsWith(Header + "\n", StringComparison.Ordinal);
}
