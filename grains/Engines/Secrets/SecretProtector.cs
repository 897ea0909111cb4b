using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>
/// Encrypts the credentials the silo stores with ASP.NET Core Data Protection (AES-256-CBC + HMAC-SHA256, keys rotated
/// every 90 days by Data Protection, old keys kept to read older secrets) under one key ring: a folder
/// (<see cref="KeyRingDirectory"/>, <c>{DataDirectory}/keys</c> in a silo with its own catalog) or the table
/// <c>dyndb_data_protection_keys</c> of a catalog database the silos of a cluster share (<see cref="CatalogKeyRepository"/>),
/// with a purpose string per kind of secret (<see cref="SecretPurposes"/>) and the application name
/// <see cref="ApplicationName"/>, so every silo of the product reads what another one wrote. A protected file starts with
/// <see cref="Header"/> (<see cref="WriteFile"/>, <see cref="ReadFile"/>), a protected value stored in a database with
/// <see cref="ValuePrefix"/> (<see cref="Protect"/>, <see cref="Unprotect"/>); one without it is an older plaintext
/// secret, read as it is and written again protected. A secret the ring cannot read (the ring is missing or another one)
/// is <see cref="ErrorCodes.SecretUnreadable"/> naming the secret and the ring. Thread-safe.
/// </summary>
public sealed partial class SecretProtector
{
    /// <summary>The key ring's folder name under a silo's data directory.</summary>
    public const string KeyRingFolderName = "keys";

    /// <summary>The Data Protection application name: every silo and engine of the product shares it, so one ring serves them all.</summary>
    public const string ApplicationName = "Orleans.DynamicDb";

    /// <summary>The first line of a protected file.</summary>
    public const string Header = "dyndb-protected:v1";

    /// <summary>The start of a protected value kept in a database row or in grain state; what follows is the Data Protection payload.</summary>
    public const string ValuePrefix = Header + ":";

    private static readonly ConcurrentDictionary<string, SecretProtector> ByKeyRing = new(StringComparer.Ordinal);
    private readonly Func<Action<IDataProtectionBuilder>, IDataProtectionProvider> _create;
    private readonly Lock _lock = new();
    private IDataProtectionProvider? _provider;

    /// <summary>
    /// A protector of its own over <paramref name="keyRingDirectory"/>, not shared (tests: a ring read afresh). The folder is
    /// created and the ring read at the first use, not here: a silo whose settings are invalid (a data directory that is a
    /// file) reports them before anything touches the ring.
    /// </summary>
    internal SecretProtector(string keyRingDirectory)
    {
        KeyRingDirectory = Path.GetFullPath(keyRingDirectory);
        KeyRing = KeyRingDirectory;
        _create = configure =>
        {
            CreateOwnerOnly(KeyRingDirectory);
            return DataProtectionProvider.Create(new DirectoryInfo(KeyRingDirectory), configure);
        };
    }

    /// <summary>
    /// A protector over the key ring kept in <paramref name="repository"/> (the catalog database), described in messages as
    /// <paramref name="keyRing"/>. <paramref name="prepare"/> runs once before the ring is first read (the table is created
    /// and the keys of an older folder ring imported).
    /// </summary>
    internal SecretProtector(IXmlRepository repository, string keyRing, Action? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        KeyRing = keyRing;
        var prepared = new Lazy<bool>(() =>
        {
            prepare?.Invoke();
            return true;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        _create = configure =>
        {
            _ = prepared.Value;
            var services = new ServiceCollection();
            configure(services.AddDataProtection());
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = repository);
            return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
        };
    }

    /// <summary>The absolute folder of the key ring, or null when the ring is kept in the catalog database.</summary>
    public string? KeyRingDirectory { get; }

    /// <summary>Where the key ring is, for messages and the audit log: its folder, or the catalog table that holds it.</summary>
    public string KeyRing { get; }

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

    /// <summary>Whether <paramref name="value"/> is a protected value (rather than an older plaintext one).</summary>
    public static bool IsProtectedValue(string? value) => value is not null && value.StartsWith(ValuePrefix, StringComparison.Ordinal);

    /// <summary><paramref name="secret"/> protected for <paramref name="purpose"/>: <see cref="ValuePrefix"/> and the Data Protection payload.</summary>
    public string Protect(string purpose, string secret) => ValuePrefix + Provider.CreateProtector(purpose).Protect(secret);

    /// <summary>
    /// The secret in <paramref name="value"/>, protected by <see cref="Protect"/>; <paramref name="what"/> names the secret in
    /// the error (for example "the password of the tenant role of database x on engine y").
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a protected value.</exception>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.SecretUnreadable"/> when the key ring cannot decrypt it.</exception>
    public string Unprotect(string purpose, string value, string what)
    {
        if (!IsProtectedValue(value))
        {
            throw new ArgumentException($"{what} is not a protected value (it does not start with '{ValuePrefix}').", nameof(value));
        }

        return UnprotectPayload(purpose, value[ValuePrefix.Length..], what);
    }

    private string UnprotectPayload(string purpose, string payload, string what)
    {
        try
        {
            return Provider.CreateProtector(purpose).Unprotect(payload);
        }
        catch (CryptographicException)
        {
            // Another silo may have added the key since this one read the ring (two silos that start together on an empty
            // ring each create one): read the ring again once before giving up.
        }

        try
        {
            return Refresh().CreateProtector(purpose).Unprotect(payload);
        }
        catch (CryptographicException e)
        {
            throw new DynamicDbException(ErrorCodes.SecretUnreadable,
                $"{what} cannot be decrypted with the Data Protection key ring in '{KeyRing}': {e.Message} " +
                "The ring that encrypted it is missing or is another one; restore it from a backup (see docs/security.md, 'Credentials at rest').",
                isTransient: false, e);
        }
    }

    private IDataProtectionProvider Provider
    {
        get
        {
            lock (_lock)
            {
                return _provider ??= _create(Configure);
            }
        }
    }

    private IDataProtectionProvider Refresh()
    {
        lock (_lock)
        {
            return _provider = _create(Configure);
        }
    }

    private void Configure(IDataProtectionBuilder builder) =>
        builder.SetApplicationName(ApplicationName).AddKeyEscrowSink(new KeyCreationSink(id => KeyCreated?.Invoke(id)));

    private static void CreateOwnerOnly(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
