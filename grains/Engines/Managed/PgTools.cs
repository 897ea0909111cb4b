using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>
/// The PostgreSQL command-line tools of one engine (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>), run as the
/// <c>postgres</c> user when this process is root.
/// </summary>
internal sealed partial class PgTools(string binDirectory, TimeSpan timeout)
{
    public const string ServiceUser = "postgres";

    private Task<int>? _majorVersion;

    /// <summary>The user the tools and servers run as, or null for this process's own user.</summary>
    public static string? RunAs => CommandRunner.IsRoot ? ServiceUser : null;

    /// <summary>The major version of the binaries (e.g. 15), read once from <c>postgres -V</c>.</summary>
    public Task<int> MajorVersionAsync(CancellationToken cancellationToken) => _majorVersion ??= ReadMajorVersionAsync(cancellationToken);

    public Task InitDbAsync(string directory, string passwordFile, CancellationToken cancellationToken) => RequireAsync("initdb",
        ["-D", directory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
        "prepare the template cluster", cancellationToken);

    /// <summary>
    /// Starts a server on the loopback port and waits until it accepts connections. <paramref name="environment"/> is the
    /// postmaster's (and so its WAL receiver's) extra environment.
    /// </summary>
    public Task<CommandResult> StartAsync(
        string directory, int port, int maxConnections, string logFile, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null) => RunAsync("pg_ctl",
        ["-D", directory, "-l", logFile, "-w", "-t", Seconds,
         "-o", FormattableString.Invariant($"-p {port} -c max_connections={maxConnections}"), "start"],
        cancellationToken, environment);

    /// <summary>Stops a server with a fast shutdown (a final checkpoint flushes everything) and waits until it has exited.</summary>
    public Task StopAsync(string directory, CancellationToken cancellationToken) =>
        RequireAsync("pg_ctl", ["-D", directory, "-m", "fast", "-w", "-t", Seconds, "stop"], "stop the instance", cancellationToken);

    /// <summary>True when a server is running on the data directory (pg_ctl status).</summary>
    public async Task<bool> IsRunningAsync(string directory, CancellationToken cancellationToken) =>
        (await RunAsync("pg_ctl", ["-D", directory, "status"], cancellationToken).ConfigureAwait(false)).Succeeded;

    /// <summary>Gives a tree to the service user (when running as root); PostgreSQL insists on owning its data directory.</summary>
    public async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        if (RunAs is not null)
        {
            var result = await CommandRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path], null, timeout, cancellationToken).ConfigureAwait(false);
            Require(result, "chown", $"give '{path}' to the '{ServiceUser}' user");
        }
    }

    /// <summary>Flushes the file system holding <paramref name="path"/> (syncfs: one call instead of an fsync per file).</summary>
    public static async Task SyncFileSystemAsync(string path, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync("sync", ["-f", path], null, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        Require(result, "sync", $"flush '{path}' to disk");
    }

    private string Seconds => ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private async Task<int> ReadMajorVersionAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync("postgres", ["-V"], cancellationToken).ConfigureAwait(false);
        Require(result, "postgres -V", "read the PostgreSQL version");
        var match = VersionPattern().Match(result.Output);
        return match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new DynamicDbException(ErrorCodes.EngineStartFailed, $"Cannot read the PostgreSQL version from '{result.Output}'.");
    }

    private async Task RequireAsync(string tool, IReadOnlyList<string> arguments, string purpose, CancellationToken cancellationToken) =>
        Require(await RunAsync(tool, arguments, cancellationToken).ConfigureAwait(false), tool, purpose);

    private Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null) =>
        CommandRunner.RunAsync(Path.Combine(binDirectory, tool), arguments, RunAs, timeout + TimeSpan.FromSeconds(10), cancellationToken, environment);

    private static void Require(CommandResult result, string tool, string purpose)
    {
        if (!result.Succeeded)
        {
            throw new DynamicDbException(ErrorCodes.EngineStartFailed,
                $"Could not {purpose}: {tool} exited with {result.ExitCode}: {result.Output}");
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
