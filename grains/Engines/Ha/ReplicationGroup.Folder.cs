using System.Globalization;
using System.Security.Cryptography;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The group's folder: its password, libpq password file and layout.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>The superuser's and the replication login's password (owner-only).</summary>
    private const string PasswordFileName = "password";

    /// <summary>The same password in libpq's passfile format, owned by the service user.</summary>
    private const string PassFileName = "pgpass";

    private async Task PrepareFolderAsync(CancellationToken cancellationToken)
    {
        var major = await _tools.Pg.MajorVersionAsync(cancellationToken).ConfigureAwait(false);
        if (major < 13)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"ReplicationGroup:BinDirectory: '{_options.BinDirectory}' holds PostgreSQL {major}; replication groups need 13 or later (15 is tested).");
        }

        if (!Directory.Exists(DataDirectory))
        {
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await _tools.Pg.ChownAsync(DataDirectory, cancellationToken).ConfigureAwait(false);
        }

        // Encrypted with Data Protection (an older plaintext file is rewritten encrypted when read).
        var passwordFile = Path.Combine(DataDirectory, PasswordFileName);
        if (!File.Exists(passwordFile))
        {
            _secrets.WriteFile(passwordFile, SecretPurposes.ReplicationGroupPassword, RandomNumberGenerator.GetHexString(32, lowercase: true));
        }

        _password = _secrets.ReadFile(passwordFile, SecretPurposes.ReplicationGroupPassword, path => SecretLog.FileMigrated(_logger, path, _secrets.KeyRing));
        var passFile = Path.Combine(DataDirectory, PassFileName);
        if (!File.Exists(passFile))
        {
            // libpq's password file: the tools and the standbys' WAL receivers read the password here, so it appears
            // neither on a command line nor in postgresql.auto.conf. libpq reads it as plain text, so it cannot be
            // encrypted (docs/security.md): it is owner-only and owned by the service user.
            WriteOwnerOnly(passFile, $"127.0.0.1:*:*:{ReplicationUser}:{_password}\n127.0.0.1:*:*:postgres:{_password}\n");
            await _tools.Pg.ChownAsync(passFile, cancellationToken).ConfigureAwait(false);
        }
    }

    private GroupLayout NewLayout()
    {
        var ports = new PortAllocator(_options.PortRangeStart, _options.PortRangeEnd);
        var members = Enumerable.Range(0, _options.Replicas + 1)
            .Select(i => new GroupMember("m" + i.ToString(CultureInfo.InvariantCulture), ports.Lease(null), i == 0 ? MemberRole.Primary : MemberRole.Standby))
            .ToList();
        var layout = new GroupLayout
        {
            Name = Name,
            Epoch = 1,
            Primary = members[0].Name,
            Members = members,
            Pending = new PendingOperation(PendingOperation.Create, members[0].Name, 1, _time.GetUtcNow(),
                $"create the group: primary {members[0].Name}, standbys {string.Join(", ", members.Skip(1).Select(m => m.Name))}"),
        };
        Save(layout);
        return layout;
    }

    private void Save(GroupLayout layout)
    {
        LayoutFile.Write(DataDirectory, layout);
        _layout = layout;
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }
}
