using System.Globalization;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The PostgreSQL tools a replication group needs beyond the managed engine's <see cref="PgTools"/>: initdb with the
/// group's password, <c>pg_basebackup</c>, <c>pg_rewind</c> and an immediate stop. Run as 'postgres' when this process is root.
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
        ["-D", directory, "-d", conninfo, "-X", "stream", "-S", slot, "--checkpoint=fast"],
        $"copy the primary into '{directory}'", cancellationToken);

    /// <summary>Rewinds a stopped former primary onto the timeline of <paramref name="sourceConninfo"/>; returns the result without throwing.</summary>
    public Task<CommandResult> RewindAsync(string directory, string sourceConninfo, CancellationToken cancellationToken) =>
        RunAsync("pg_rewind", ["--target-pgdata=" + directory, "--source-server=" + sourceConninfo], cancellationToken);

    /// <summary>Stops a server without a shutdown checkpoint (what fencing needs: nothing more is written); the result is returned as is.</summary>
    public Task<CommandResult> StopImmediatelyAsync(string directory, CancellationToken cancellationToken) =>
        RunAsync("pg_ctl", ["-D", directory, "-m", "immediate", "-w", "-t", Seconds, "stop"], cancellationToken);

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
        CommandRunner.RunAsync(Path.Combine(binDirectory, tool), arguments, PgTools.RunAs, timeout + TimeSpan.FromSeconds(10), cancellationToken);
}
