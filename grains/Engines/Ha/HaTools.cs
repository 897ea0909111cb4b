using System.Globalization;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The PostgreSQL tools a replication group needs beyond the managed engine's <see cref="PgTools"/>: initdb with the
/// group's password, <c>pg_basebackup</c>, <c>pg_rewind</c>, a member's start and an immediate stop. Run as 'postgres'
/// when this process is root. Once <see cref="Password"/> is set, the tools that log in (<c>pg_basebackup</c>,
/// <c>pg_rewind</c>) and the members' postmasters (whose WAL receivers log in to the primary) get it as <c>PGPASSWORD</c> in
/// their environment: it is written to no file (no libpq password file) and appears on no command line.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class HaTools(string binDirectory, TimeSpan timeout)
{
    public PgTools Pg { get; } = new(binDirectory, timeout);

    public Task InitDbAsync(string directory, string passwordFile, CancellationToken cancellationToken) => RequireAsync("initdb",
        ["-D", directory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions", "--wal-segsize=1"],
        "initialise the primary's data directory", cancellationToken);

    /// <summary>Copies the primary into <paramref name="directory"/> through the replication slot <paramref name="slot"/>, WAL streamed alongside.</summary>
    public Task BaseBackupAsync(string directory, string conninfo, string slot, CancellationToken cancellationToken) => RequireAsync("pg_basebackup",
        ["-D", directory, "-d", conninfo, "-X", "stream", "-S", slot, "--checkpoint=fast", "--no-password"],
        $"copy the primary into '{directory}'", cancellationToken);

    /// <summary>The group's superuser and replication password, given to the tools and postmasters in <c>PGPASSWORD</c>.</summary>
    public string? Password { get; set; }

    /// <summary>The extra environment of the tools and postmasters: <c>PGPASSWORD</c> once <see cref="Password"/> is known.</summary>
    public IReadOnlyDictionary<string, string>? Environment => Password is { Length: > 0 } password
        ? new Dictionary<string, string>(StringComparer.Ordinal) { ["PGPASSWORD"] = password }
        : null;

    /// <summary>Starts a member's server (its postmaster has <see cref="Environment"/>) and waits until it accepts connections.</summary>
    public Task<CommandResult> StartMemberAsync(string directory, int port, int maxConnections, string logFile, CancellationToken cancellationToken) =>
        Pg.StartAsync(directory, port, maxConnections, logFile, cancellationToken, Environment);

    /// <summary>Rewinds a stopped former primary onto the timeline of <paramref name="sourceConninfo"/>; returns the result without throwing.</summary>
    public Task<CommandResult> RewindAsync(string directory, string sourceConninfo, CancellationToken cancellationToken) =>
        RunAsync("pg_rewind", ["--target-pgdata=" + directory, "--source-server=" + sourceConninfo], cancellationToken);

    /// <summary>Stops a server without a shutdown checkpoint (what fencing needs: nothing more is written); the result is returned as is.</summary>
    public Task<CommandResult> StopImmediatelyAsync(string directory, CancellationToken cancellationToken) =>
        RunAsync("pg_ctl", ["-D", directory, "-m", "immediate", "-w", "-t", Seconds, "stop"], cancellationToken);

    /// <summary>
    /// Initialises a primary's data directory in <paramref name="directory"/>: initdb with the group's superuser
    /// <paramref name="password"/> (through a password file readable by its owner only, removed afterwards), then
    /// <paramref name="settings"/> appended to postgresql.conf and <paramref name="hbaLines"/> to pg_hba.conf.
    /// </summary>
    public async Task InitPrimaryAsync(string directory, string password, string settings, IReadOnlyCollection<string> hbaLines, CancellationToken cancellationToken)
    {
        var passwordFile = directory + ".pw";
        try
        {
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await Pg.ChownAsync(passwordFile, cancellationToken).ConfigureAwait(false);
            await InitDbAsync(directory, passwordFile, cancellationToken).ConfigureAwait(false);
            await File.AppendAllTextAsync(Path.Combine(directory, "postgresql.conf"), settings, cancellationToken).ConfigureAwait(false);
            if (hbaLines.Count > 0)
            {
                await File.AppendAllLinesAsync(Path.Combine(directory, "pg_hba.conf"), hbaLines, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Makes a stopped data directory a standby streaming from <paramref name="conninfo"/> through the replication slot
    /// <paramref name="slot"/>: standby.signal, and primary_conninfo / primary_slot_name in postgresql.auto.conf (any
    /// earlier ones replaced); the folder is then handed to the server's user.
    /// </summary>
    public async Task ConfigureStandbyAsync(string directory, string conninfo, string slot, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "standby.signal"), "", cancellationToken).ConfigureAwait(false);
        var autoConf = Path.Combine(directory, "postgresql.auto.conf");
        var lines = File.Exists(autoConf)
            ? (await File.ReadAllLinesAsync(autoConf, cancellationToken).ConfigureAwait(false))
                .Where(l => !l.StartsWith("primary_conninfo", StringComparison.Ordinal) && !l.StartsWith("primary_slot_name", StringComparison.Ordinal))
                .ToList()
            : ["# Do not edit this file manually!", "# It will be overwritten by the ALTER SYSTEM command."];
        lines.Add("primary_conninfo = " + MemberSql.Literal(conninfo));
        lines.Add("primary_slot_name = " + MemberSql.Literal(slot));
        await File.WriteAllLinesAsync(autoConf, lines, cancellationToken).ConfigureAwait(false);
        await Pg.ChownAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    private string Seconds => ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private async Task RequireAsync(string tool, IReadOnlyList<string> arguments, string purpose, CancellationToken cancellationToken)
    {
        var result = await RunAsync(tool, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed, $"Could not {purpose}: {tool} exited with {result.ExitCode}: {result.Output}");
        }
    }

    private Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(Path.Combine(binDirectory, tool), arguments, PgTools.RunAs, timeout + TimeSpan.FromSeconds(10), cancellationToken, Environment);
}
