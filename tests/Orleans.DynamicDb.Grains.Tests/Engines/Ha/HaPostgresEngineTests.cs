using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// The <c>postgres-ha</c> engine on a real replication group (a primary and two standbys), without a silo: databases live
/// on the primary, an open database follows a promotion at its next statement, and stopping frees every member.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HaPostgresEngineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_open_database_reopens_on_the_new_primary_after_a_promotion_and_keeps_its_committed_rows()
    {
        using var data = new TempDirectory();
        var options = new EngineOptions
        {
            Id = "pg-ha",
            Kind = EngineKinds.PostgresHa,
            DataDirectory = Path.Combine(data.Path, "group"),
            BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
            PortRangeStart = 32000,
            PortRangeEnd = 32999,
        };
        Assert.Empty(EngineOptionsValidator.Validate([options]));
        await using var engine = new HaPostgresEngine(options, TestOutputLoggerProvider.CreateFactory(output));
        await engine.StartAsync();
        var name = DatabaseName.Create("app", "ledger");
        var connection = await engine.OpenAsync(name);
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
        await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)"));
        var first = engine.Primary;
        var pids = (await engine.GetGroupStatusAsync()).Members.Select(m => m.Pid).OfType<int>().ToList();

        var promoted = await engine.PromoteAsync(null);
        await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (2)"));
        var rows = await connection.QueryAsync(new Statement("SELECT n FROM entries ORDER BY n"));

        Assert.Equal(2, promoted.Epoch);
        Assert.NotEqual(first, promoted.Primary);
        Assert.Equal(MemberRole.Fenced, promoted[first].Role);
        Assert.Equal(2, ((HaDatabaseConnection)connection).Epoch);
        Assert.Equal(2, rows.Rows.Count);
        Assert.True(await engine.ExistsAsync(name));
        await connection.CloseAsync();

        await engine.StopAsync();
        Assert.All(pids, pid => Assert.False(Alive(pid), $"member pid {pid} still runs after the engine stopped"));
        var closed = await Assert.ThrowsAsync<DynamicDbException>(() => engine.OpenAsync(name));
        Assert.Equal(ErrorCodes.EngineUnavailable, closed.ErrorCode);
    }

    [Fact]
    public async Task A_write_cut_off_by_a_failover_is_run_again_on_the_new_primary_once_it_is_known_not_to_have_committed()
    {
        using var data = new TempDirectory();
        var options = Options(data, 33000);
        options.Failover.Attempts = 6; // promotion takes 0.5–2 s here; the doubling delay (1, 2, 4 … s) must outlast it
        await using var engine = new HaPostgresEngine(options, TestOutputLoggerProvider.CreateFactory(output));
        await engine.StartAsync();
        var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
        var oldPrimary = engine.Group.ConnectionString(engine.Primary);

        // The write is in flight on the old primary (sleeping before it inserts) when the failover fences that primary.
        var write = connection.ExecAsync(new Statement("INSERT INTO entries (n) SELECT 7 FROM pg_sleep(2)"));
        await Eventually.True(async () => await ActiveStatementsAsync(oldPrimary, "pg_sleep(2)") == 1, "the write runs on the primary", TimeSpan.FromSeconds(30));
        var promoted = await engine.PromoteAsync(null);
        var result = await write;
        var rows = await connection.QueryAsync(new Statement("SELECT n FROM entries"));

        Assert.Equal(2, promoted.Epoch);
        Assert.Equal(1, result.RowsAffected); // run again (not answered "committed, count unknown")
        Assert.Single(rows.Rows);
        await connection.CloseAsync();
    }

    [Fact]
    public async Task With_every_standby_down_a_write_fails_with_no_sync_standby_after_the_bound_and_writes_resume_when_they_return()
    {
        using var data = new TempDirectory();
        var options = Options(data, 34000);
        options.Failover.SyncStandbyTimeout = TimeSpan.FromSeconds(2);
        await using var engine = new HaPostgresEngine(options, TestOutputLoggerProvider.CreateFactory(output));
        await engine.StartAsync();
        var connection = await engine.OpenAsync(DatabaseName.Create("app", "ledger"));
        await connection.ExecAsync(new Statement("CREATE TABLE entries (n INTEGER NOT NULL)"));
        var standbys = engine.Group.Members.Where(m => m != engine.Primary).ToList();

        foreach (var standby in standbys)
        {
            await ((ReplicationGroup)engine.Group).StopMemberAsync(standby);
        }

        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (1)")));
        await engine.Group.StartAsync(); // starts the stopped standbys again and waits until they stream synchronously
        var written = await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (2)"));

        Assert.Equal(ErrorCodes.EngineNoSyncStandby, refused.ErrorCode);
        Assert.False(refused.IsTransient);
        Assert.Contains("pg-ha", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, written.RowsAffected);
        Assert.Equal(1, engine.Epoch); // no failover: the primary was healthy all along
        await connection.CloseAsync();
    }

    private static EngineOptions Options(TempDirectory data, int ports) => new()
    {
        Id = "pg-ha",
        Kind = EngineKinds.PostgresHa,
        DataDirectory = Path.Combine(data.Path, "group"),
        BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
        PortRangeStart = ports,
        PortRangeEnd = ports + 999,
    };

    private static async Task<long> ActiveStatementsAsync(string connectionString, string containing)
    {
        await using var admin = new Npgsql.NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND strpos(query, @q) > 0 AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("q", containing);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
