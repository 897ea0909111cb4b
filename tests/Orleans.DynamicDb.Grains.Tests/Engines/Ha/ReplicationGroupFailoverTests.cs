using System.Diagnostics;
using System.Runtime.Versioning;
using Npgsql;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupFailoverTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReplicationGroupFailoverTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        fixture.Attach(output);
    }

    private ReplicationGroup Group => _fixture.Group;

    [Fact]
    public async Task Promotion_after_the_primary_is_killed_keeps_every_acknowledged_commit_and_fences_the_old_primary()
    {
        await _fixture.ExecuteAsync("m0", "CREATE TABLE acknowledged (id int PRIMARY KEY)");
        var old = (await Group.GetStatusAsync())["m0"];
        var (acknowledged, writer) = await WriteUntilTheConnectionBreaksAsync(_fixture, "m0", minimumAcknowledged: 100);

        using (var postmaster = Process.GetProcessById(old.Pid!.Value))
        {
            postmaster.Kill(); // SIGKILL: no shutdown, its backends are left behind
        }

        var started = Stopwatch.GetTimestamp();
        var status = await Group.PromoteAsync();
        _output.WriteLine($"promotion took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; {acknowledged.Count} commits were acknowledged before the kill");
        await Eventually.Within(writer, "the writer notices its server is gone");

        var primary = status.Primary;
        var other = primary == "m1" ? "m2" : "m1";
        Assert.Contains(primary, (string[])["m1", "m2"]);
        Assert.Equal((2L, MemberRole.Primary), (status.Epoch, status[primary].Role));
        Assert.False(await _fixture.ScalarAsync<bool>(primary, "SELECT pg_is_in_recovery()"));
        var kept = (await _fixture.ScalarAsync<int[]>(primary, "SELECT coalesce(array_agg(id), '{}') FROM acknowledged")).ToHashSet();
        Assert.Empty(acknowledged.Except(kept));

        // The old primary is fenced: recorded so, nothing of it runs, and starting the group again leaves it down.
        Assert.Equal((MemberRole.Fenced, false, (int?)null), (status["m0"].Role, status["m0"].Running, status["m0"].Pid));
        Assert.Empty(MemberProcesses.All(Group.MemberDirectory("m0")));
        var layout = LayoutFile.Read(Group.DataDirectory)!;
        Assert.Equal((2L, primary, MemberRole.Fenced, (PendingOperation?)null), (layout.Epoch, layout.Primary, layout["m0"].Role, layout.Pending));
        await Group.StartAsync();
        Assert.False((await Group.GetStatusAsync())["m0"].Running);

        // The other standby streams from the new primary, which waits for it on commit.
        Assert.Equal(("streaming", "quorum"), (status[other].State, status[other].SyncState));
        Assert.Equal($"ANY 1 ({string.Join(", ", ((string[])["m0", "m1", "m2"]).Where(m => m != primary))})",
            await _fixture.ScalarAsync<string>(primary, "SHOW synchronous_standby_names"));
        Assert.Equal(1L, await _fixture.ScalarAsync<long>(other,
            $"SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming' AND conninfo LIKE '%port={status[primary].Port}%'"));
        await _fixture.ExecuteAsync(primary, "INSERT INTO acknowledged VALUES (-1)");
        await Eventually.True(async () => await _fixture.ScalarAsync<long>(other, "SELECT count(*) FROM acknowledged WHERE id = -1") == 1,
            $"a commit on the new primary {primary} reaches {other}");
    }

    /// <summary>
    /// Inserts 1, 2, 3, … on one connection until it breaks, recording each id whose commit was acknowledged; returns once
    /// <paramref name="minimumAcknowledged"/> were.
    /// </summary>
    internal static async Task<(IReadOnlyCollection<int> Acknowledged, Task Writer)> WriteUntilTheConnectionBreaksAsync(
        ReplicationGroupFixture fixture, string member, int minimumAcknowledged)
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var connection = await fixture.OpenAsync(member);
        var writer = Task.Run(async () =>
        {
            await using (connection)
            {
                for (var id = 1; ; id++)
                {
                    try
                    {
                        await using var insert = new NpgsqlCommand($"INSERT INTO acknowledged VALUES ({id})", connection);
                        await insert.ExecuteNonQueryAsync();
                    }
                    catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                    {
                        return; // the outcome of this last insert is unknown: it is neither counted nor checked
                    }

                    acknowledged.Enqueue(id);
                }
            }
        });
        await Eventually.True(() => acknowledged.Count >= minimumAcknowledged || writer.IsCompleted, "the writer commits");
        Assert.False(writer.IsCompleted, "the writer stopped before the primary was killed");
        return (acknowledged, writer);
    }
}
