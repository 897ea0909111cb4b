using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// One started replication group (a primary and two standbys) shared by the tests of a class; its log lines go to the
/// output of the test running at the time. Fails with a clear message when the PostgreSQL binaries are missing.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly SwitchableOutput _output = new();

    public ReplicationGroupFixture()
    {
        var bin = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        if (!File.Exists(Path.Combine(bin, "pg_rewind")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found at '{bin}' (no pg_rewind). Install them with 'apt-get install postgresql-15' or run the README's test command, which installs them.");
        }

        Options = new ReplicationGroupOptions
        {
            Name = "test",
            BinDirectory = bin,
            DataDirectory = Path.Combine(_data.Path, "group"),
            PortRangeStart = 30000,
            PortRangeEnd = 30999,
        };
        Group = new ReplicationGroup(Options, TestOutputLoggerProvider.CreateFactory(_output).CreateLogger<ReplicationGroup>());
    }

    public ReplicationGroupOptions Options { get; }

    public ReplicationGroup Group { get; }

    /// <summary>How long the first start took (initdb, two base backups, three servers, quorum reached).</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Sends the group's log lines to <paramref name="output"/> from now on.</summary>
    public void Attach(ITestOutputHelper output) => _output.Current = output;

    public async Task InitializeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await Group.StartAsync();
        StartDuration = Stopwatch.GetElapsedTime(started);
    }

    public async Task DisposeAsync()
    {
        _output.Current = null;
        await Group.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Opens an unpooled connection to <paramref name="member"/> with no command timeout (a commit may wait for a standby).</summary>
    public async Task<NpgsqlConnection> OpenAsync(string member)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Group.ConnectionString(member)) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string member, string sql)
    {
        await using var connection = await OpenAsync(member);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string member, string sql)
    {
        await using var connection = await OpenAsync(member);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Forwards to the test currently attached; lines written between tests are dropped.</summary>
    private sealed class SwitchableOutput : ITestOutputHelper
    {
        public ITestOutputHelper? Current { get; set; }

        public void WriteLine(string message) => Current?.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Current?.WriteLine(format, args);
    }
}
