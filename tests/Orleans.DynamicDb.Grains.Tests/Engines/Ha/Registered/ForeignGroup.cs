using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Registered;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>
/// Three PostgreSQL 15 servers streaming as a synchronous group (ANY 1) that the engine under test does NOT run: the
/// product's <see cref="ReplicationGroup"/> is used only as a launcher, in its own folder. Disposing it stops the servers
/// (also one restarted by a test) and removes the folder.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ForeignGroup : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly string _bin;

    private ForeignGroup(int ports, ILoggerFactory loggers)
    {
        _bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        if (!File.Exists(Path.Combine(_bin, "pg_rewind")))
        {
            throw new InvalidOperationException($"PostgreSQL binaries not found at '{_bin}' (no pg_rewind). Install them with 'apt-get install postgresql-15'.");
        }

        Launcher = new ReplicationGroup(new ReplicationGroupOptions
        {
            Name = "foreign",
            BinDirectory = _bin,
            DataDirectory = Path.Combine(_data.Path, "servers"),
            PortRangeStart = ports,
            PortRangeEnd = ports + 999,
        }, loggers.CreateLogger<ReplicationGroup>());
    }

    /// <summary>The launcher: used to start the servers and to find their folders, never by the engine under test.</summary>
    public ReplicationGroup Launcher { get; }

    /// <summary>Where the silo under test keeps the registered group's layout.</summary>
    public string StateDirectory => Path.Combine(_data.Path, "state");

    public static async Task<ForeignGroup> StartAsync(int ports, ILoggerFactory loggers)
    {
        var group = new ForeignGroup(ports, loggers);
        try
        {
            await group.Launcher.StartAsync();
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>A registered <c>postgres-ha</c> entry over the three servers (superuser connection strings, names m0–m2).</summary>
    public EngineOptions EngineOptions(string id = "pg-reg") => new()
    {
        Id = id,
        Kind = EngineKinds.PostgresHa,
        StateDirectory = StateDirectory,
        StatementTimeout = TimeSpan.FromSeconds(10),
        Members = [.. Launcher.Members.Select(m => new RegisteredMemberOptions { Name = m, ConnectionString = Launcher.ConnectionString(m) })],
    };

    /// <summary>The postmaster of <paramref name="member"/>, or null.</summary>
    public int? Postmaster(string member) => MemberProcesses.Postmaster(Launcher.MemberDirectory(member));

    /// <summary>Starts <paramref name="member"/>'s server again as it is on disk (a killed primary comes back as a primary).</summary>
    public async Task RestartAsync(string member)
    {
        var directory = Launcher.MemberDirectory(member);
        await MemberProcesses.KillAllAsync(directory, TimeSpan.FromSeconds(30), CancellationToken.None);
        var port = new NpgsqlConnectionStringBuilder(Launcher.ConnectionString(member)).Port;
        var result = await new PgTools(_bin, TimeSpan.FromSeconds(60)).StartAsync(directory, port, 40, Path.Combine(Launcher.DataDirectory, $"{member}-restart.log"), CancellationToken.None);
        Assert.True(result.Succeeded, $"{member} did not restart: {result.Output}");
    }

    /// <summary>
    /// What an operator does to a fenced member: a fresh base backup from <paramref name="primary"/>, started as a standby
    /// streaming from it with <c>application_name</c> = its member name (no replication slot).
    /// </summary>
    public async Task RebuildAsStandbyOfAsync(string member, string primary)
    {
        var directory = Launcher.MemberDirectory(member);
        await MemberProcesses.KillAllAsync(directory, TimeSpan.FromSeconds(30), CancellationToken.None);
        Directory.Delete(directory, recursive: true);
        var primaryPort = new NpgsqlConnectionStringBuilder(Launcher.ConnectionString(primary)).Port;
        var conninfo = $"host=127.0.0.1 port={primaryPort} user={ReplicationGroup.ReplicationUser} passfile='{await OperatorPassFileAsync()}' application_name={member}";
        await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_basebackup"), ["-D", directory, "-d", conninfo, "-X", "stream", "--checkpoint=fast"],
            TimeSpan.FromSeconds(120), PgTools.RunAs);
        await File.WriteAllTextAsync(Path.Combine(directory, "standby.signal"), "");
        var autoConf = Path.Combine(directory, "postgresql.auto.conf");
        var lines = (await File.ReadAllLinesAsync(autoConf))
            .Where(l => !l.StartsWith("primary_conninfo", StringComparison.Ordinal) && !l.StartsWith("primary_slot_name", StringComparison.Ordinal)
                && !l.StartsWith("synchronous_standby_names", StringComparison.Ordinal))
            .Append($"primary_conninfo = '{conninfo.Replace("'", "''", StringComparison.Ordinal)}'");
        await File.WriteAllLinesAsync(autoConf, lines);
        await new PgTools(_bin, TimeSpan.FromSeconds(60)).ChownAsync(directory, CancellationToken.None);
        await RestartAsync(member);
    }

    /// <summary>
    /// The operator's own libpq password file for the replication login (the silo writes none: its members get the password
    /// in their environment), with the launcher's password, which its folder keeps encrypted.
    /// </summary>
    private async Task<string> OperatorPassFileAsync()
    {
        var password = Orleans.DynamicDb.Engines.Secrets.SecretProtector.ForDataDirectory(Path.GetDirectoryName(Launcher.DataDirectory)!)
            .ReadFile(Path.Combine(Launcher.DataDirectory, "password"), Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ReplicationGroupPassword);
        var file = Path.Combine(Launcher.DataDirectory, "operator.pgpass");
        await File.WriteAllTextAsync(file, $"*:*:*:{ReplicationGroup.ReplicationUser}:{password}\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await new PgTools(_bin, TimeSpan.FromSeconds(60)).ChownAsync(file, CancellationToken.None);
        return file;
    }

    public async Task<T> ScalarAsync<T>(string member, string sql)
    {
        await using var connection = new NpgsqlConnection(Launcher.ConnectionString(member));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Launcher.DisposeAsync();
        _data.Dispose();
    }
}
