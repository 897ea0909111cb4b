using System.Globalization;
using System.Security.Cryptography;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Engines.Secrets;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>The group's folder: its password (encrypted) and layout.</summary>
public sealed partial class ReplicationGroup
{
    /// <summary>The superuser's and the replication login's password (owner-only).</summary>
    private const string PasswordFileName = "password";

    /// <summary>The libpq password file earlier versions wrote with the same password in clear; removed on start.</summary>
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
        // The tools and the members' postmasters (their WAL receivers) get the password as PGPASSWORD in their environment:
        // it appears on no command line, in no postgresql.auto.conf and in no file. An earlier version's libpq password
        // file goes (see LegacyPassFile).
        _tools.Password = _password;
        LegacyPassFile.Remove(Path.Combine(DataDirectory, PassFileName), Directory.EnumerateDirectories(DataDirectory), _logger);
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
}
