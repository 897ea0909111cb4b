using System.Runtime.Versioning;
using Npgsql;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReplicationGroupTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task A_started_group_has_two_quorum_standbys_and_a_commit_reaches_both()
    {
        _output.WriteLine($"start took {_fixture.StartDuration.TotalMilliseconds:F0} ms");
        var status = await Group.GetStatusAsync();

        Assert.Equal(("m0", 1L, "ANY 1 (m1, m2)"), (status.Primary, status.Epoch, status.SynchronousStandbyNames));
        Assert.Null(status.Pending);
        Assert.Equal(["m0", "m1", "m2"], status.Members.Select(m => m.Name));
        Assert.All(status.Members, m => Assert.True(m.Running && m.Pid is not null && m.Lsn is not null, $"{m} runs"));
        Assert.Equal([MemberRole.Primary, MemberRole.Standby, MemberRole.Standby], status.Members.Select(m => m.Role));
        Assert.All(status.Members.Skip(1), m => Assert.Equal(("streaming", "quorum"), (m.State, m.SyncState)));
        Assert.Equal("ANY 1 (m1, m2)", await _fixture.ScalarAsync<string>("m0", "SHOW synchronous_standby_names"));
        Assert.Equal("on", await _fixture.ScalarAsync<string>("m0", "SHOW synchronous_commit"));
        Assert.Equal(2L, await _fixture.ScalarAsync<long>("m0",
            "SELECT count(*) FROM pg_stat_replication WHERE application_name IN ('m1', 'm2') AND state = 'streaming' AND sync_state = 'quorum'"));

        // Standbys' WAL receivers get the replication password from their postmaster's environment (PGPASSWORD), never a file.
        var passwordFile = Path.Combine(Group.DataDirectory, "password");
        var password = Orleans.DynamicDb.Engines.Secrets.SecretProtector.ForDataDirectory(Path.GetDirectoryName(Group.DataDirectory)!)
            .ReadFile(passwordFile, Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ReplicationGroupPassword);
        // The group's own password file is encrypted with Data Protection: its raw bytes do not hold the password.
        Assert.DoesNotContain(password, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(passwordFile)));
        var standbyConfiguration = File.ReadAllText(Path.Combine(Group.MemberDirectory("m1"), "postgresql.auto.conf"));
        Assert.Contains("application_name=m1", standbyConfiguration);
        Assert.DoesNotContain("passfile=", standbyConfiguration);
        Assert.DoesNotContain(password, standbyConfiguration);
        Assert.False(File.Exists(Path.Combine(Group.DataDirectory, "pgpass")), "no libpq password file");
        foreach (var file in Directory.EnumerateFiles(Group.DataDirectory)
            .Concat(status.Members.SelectMany(m => Directory.EnumerateFiles(Group.MemberDirectory(m.Name), "*.conf"))))
        {
            Assert.DoesNotContain(password, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        Assert.All(status.Members, m => Assert.Contains("PGPASSWORD=" + password, File.ReadAllText($"/proc/{m.Pid}/environ").Split('\0')));

        await _fixture.ExecuteAsync("m0", "CREATE TABLE replicated (id int PRIMARY KEY, note text); INSERT INTO replicated VALUES (1, 'on every member')");

        foreach (var standby in (string[])["m1", "m2"])
        {
            Assert.True(await _fixture.ScalarAsync<bool>(standby, "SELECT pg_is_in_recovery()"));
            await Eventually.True(async () => await _fixture.ScalarAsync<long>(standby,
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'replicated'") == 1
                && await _fixture.ScalarAsync<string>(standby, "SELECT note FROM replicated WHERE id = 1") == "on every member",
                $"the committed row is replayed on {standby}");
        }
    }

    [Fact]
    public async Task A_commit_waits_while_no_standby_runs_and_completes_when_one_returns()
    {
        await _fixture.ExecuteAsync("m0", "CREATE TABLE waiting (id int PRIMARY KEY)");
        await Group.StopMemberAsync("m1");
        await Group.StopMemberAsync("m2");
        var status = await Group.GetStatusAsync();
        Assert.All(status.Members.Skip(1), m => Assert.False(m.Running));

        await using var writer = await _fixture.OpenAsync("m0");
        await using var insert = new NpgsqlCommand("INSERT INTO waiting VALUES (1)", writer);
        var commit = insert.ExecuteNonQueryAsync();

        // The commit is written locally and then waits for a synchronous standby: PostgreSQL shows it waiting on SyncRep.
        await Eventually.True(async () => await _fixture.ScalarAsync<long>("m0",
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND query LIKE 'INSERT INTO waiting%'") == 1,
            "the commit waits for a synchronous standby (wait_event SyncRep)");
        Assert.False(commit.IsCompleted, "the commit was acknowledged without any standby");

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Group.StartAsync();
        _output.WriteLine($"restarting two standbys took {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");

        Assert.Equal(1, await Eventually.Within(commit, "the commit once a standby is back"));
        status = await Group.GetStatusAsync();
        Assert.All(status.Members.Skip(1), m => Assert.Equal(("streaming", "quorum"), (m.State, m.SyncState)));
        await Eventually.True(async () => await _fixture.ScalarAsync<long>("m1", "SELECT count(*) FROM waiting") == 1, "the row is on m1");
    }

    [Fact]
    public async Task Starting_a_stopped_group_again_restarts_its_members_on_their_data_and_ports()
    {
        await _fixture.ExecuteAsync("m0", "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (7)");
        var before = await Group.GetStatusAsync();
        await Group.StopAsync();
        Assert.All((await Group.GetStatusAsync()).Members, m => Assert.False(m.Running, $"{m.Name} stopped"));

        // An older version's plaintext password file: the restart reads it and rewrites it encrypted.
        var passwordFile = Path.Combine(Group.DataDirectory, "password");
        var secrets = Orleans.DynamicDb.Engines.Secrets.SecretProtector.ForDataDirectory(Path.GetDirectoryName(Group.DataDirectory)!);
        var password = secrets.ReadFile(passwordFile, Orleans.DynamicDb.Engines.Secrets.SecretPurposes.ReplicationGroupPassword);
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        // ... and its libpq password file, which the restart removes: the password is in the members' environment now.
        var passFile = Path.Combine(Group.DataDirectory, "pgpass");
        await File.WriteAllTextAsync(passFile, $"127.0.0.1:*:*:postgres:{password}\n");

        // Another process (a new object on the same folder) finds the layout and restarts what exists.
        var again = new ReplicationGroup(_fixture.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplicationGroup>.Instance);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await again.StartAsync();
            _output.WriteLine($"restarting the stopped group took {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            var after = await again.GetStatusAsync();

            Assert.Equal(before.Members.Select(m => (m.Name, m.Role, m.Port)), after.Members.Select(m => (m.Name, m.Role, m.Port)));
            Assert.Equal((before.Epoch, before.Primary), (after.Epoch, after.Primary));
            Assert.All(after.Members.Skip(1), m => Assert.Equal(("streaming", "quorum"), (m.State, m.SyncState)));
            Assert.Equal(7, await _fixture.ScalarAsync<int>("m0", "SELECT id FROM kept"));
            Assert.True(Orleans.DynamicDb.Engines.Secrets.SecretProtector.IsProtected(passwordFile), "the plaintext password file was rewritten encrypted");
            Assert.DoesNotContain(password, await File.ReadAllTextAsync(passwordFile));
            Assert.False(File.Exists(passFile), "the earlier version's libpq password file was removed");
            await Eventually.True(async () => await _fixture.ScalarAsync<long>("m2", "SELECT count(*) FROM kept") == 1, "the row is on m2");
        }
        finally
        {
            await again.DisposeAsync();
            await Group.StartAsync();
        }
    }
}
