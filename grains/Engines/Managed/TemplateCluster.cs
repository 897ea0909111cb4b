using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>
/// The one initdb'ed cluster an engine copies for every new database (<c>{DataDirectory}/.templates/pg{major}</c>):
/// copying a prepared directory is several times faster than running initdb per database. The template carries the
/// instance settings (loopback only, no Unix sockets, small memory) and a generated superuser password in
/// <see cref="PasswordFileName"/> (encrypted with Data Protection), so every copy has its own copy of the password next to its data.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class TemplateCluster(string dataDirectory, PgTools tools, EngineOptions options, ILogger logger, Secrets.SecretProtector secrets)
{
    /// <summary>The file in a cluster directory holding the superuser password (readable by root and the service user only).</summary>
    public const string PasswordFileName = "dyndb_password";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Appended to the template's postgresql.conf.</summary>
    private const string Settings = """

        # Orleans.DynamicDb managed instance: loopback TCP only, no Unix sockets (port and max_connections are given at start).
        listen_addresses = '127.0.0.1'
        unix_socket_directories = ''
        shared_buffers = 16MB

        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _path;

    /// <summary>The template directory once prepared (by this process or an earlier one), otherwise null.</summary>
    public string? Path => _path;

    /// <summary>Prepares the template once; later calls return its path at once.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (_path is not null)
        {
            return _path;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_path is null)
            {
                var major = await tools.MajorVersionAsync(cancellationToken).ConfigureAwait(false);
                var root = Directory.CreateDirectory(System.IO.Path.Combine(dataDirectory, ".templates")).FullName;
                var path = System.IO.Path.Combine(root, "pg" + major.ToString(CultureInfo.InvariantCulture));
                if (!IsComplete(path))
                {
                    await BuildAsync(root, path, cancellationToken).ConfigureAwait(false);
                }

                _path = path;
            }

            return _path;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Copies the template to <paramref name="destination"/> (which must not exist), gives it to the service user and flushes it to disk.</summary>
    public async Task CopyToAsync(string destination, CancellationToken cancellationToken)
    {
        var source = await EnsureAsync(cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(destination, OwnerOnly);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, directory)), File.GetUnixFileMode(directory));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }

        await tools.ChownAsync(destination, cancellationToken).ConfigureAwait(false);
        await PgTools.SyncFileSystemAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsComplete(string path) =>
        File.Exists(System.IO.Path.Combine(path, "PG_VERSION")) && File.Exists(System.IO.Path.Combine(path, PasswordFileName));

    private async Task BuildAsync(string root, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var staging = path + ".building-" + Guid.NewGuid().ToString("N")[..8];
        var passwordFile = staging + ".pw";
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        try
        {
            Directory.CreateDirectory(staging, OwnerOnly);
            WriteOwnerOnly(passwordFile, password);
            await tools.ChownAsync(staging, cancellationToken).ConfigureAwait(false);
            await tools.ChownAsync(passwordFile, cancellationToken).ConfigureAwait(false);
            await tools.InitDbAsync(staging, passwordFile, cancellationToken).ConfigureAwait(false);

            await File.AppendAllTextAsync(System.IO.Path.Combine(staging, "postgresql.conf"), Settings, cancellationToken).ConfigureAwait(false);
            secrets.WriteFile(System.IO.Path.Combine(staging, PasswordFileName), Secrets.SecretPurposes.ManagedSuperuserPassword, password);
            await tools.ChownAsync(staging, cancellationToken).ConfigureAwait(false);
            await PgTools.SyncFileSystemAsync(staging, cancellationToken).ConfigureAwait(false);
            try
            {
                Directory.Move(staging, path);
            }
            catch (IOException) when (IsComplete(path))
            {
                // another process prepared it first: use theirs
            }
        }
        finally
        {
            File.Delete(passwordFile);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        EngineLog.TemplateCreated(logger, path, options.Id, EngineLog.ElapsedMs(started));
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
