using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>Removing a standby from a running group: the synchronous quorum and layout first, then the server, its port and its data (moved aside).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupRemoveTests : IClassFixture<ReplicationGroupFixture>
{
    private readonly ReplicationGroupFixture _fixture;

    public ReplicationGroupRemoveTests(ReplicationGroupFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        fixture.Attach(output);
    }

    [Fact]
    public async Task A_removed_standby_stops_frees_its_port_keeps_its_data_aside_and_the_primary_still_commits_while_bad_removals_are_refused()
    {
        var group = _fixture.Group;
        await _fixture.ExecuteAsync("m0", "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1)");
        var m3 = await group.AddMemberAsync(1);
        var directory = group.MemberDirectory("m3");
        Assert.NotEmpty(MemberProcesses.All(directory));

        var unknown = await Assert.ThrowsAsync<DynamicDbException>(() => group.RemoveMemberAsync("m9"));
        Assert.Equal((ErrorCodes.EngineUnknown, "Replication group test has no member 'm9'; its members are m0, m1, m2, m3."), (unknown.ErrorCode, unknown.Message));
        var primary = await Assert.ThrowsAsync<DynamicDbException>(() => group.RemoveMemberAsync("m0"));
        Assert.Equal(ErrorCodes.EngineMemberPrimary, primary.ErrorCode);
        Assert.StartsWith("Member m0 is the primary of replication group test", primary.Message);

        var movedTo = await group.RemoveMemberAsync("M3");

        Assert.Equal("ANY 1 (m1, m2)", await _fixture.ScalarAsync<string>("m0", "SHOW synchronous_standby_names"));
        var layout = LayoutFile.Read(group.DataDirectory)!;
        Assert.Equal(["m0", "m1", "m2"], layout.Members.Select(m => m.Name));
        Assert.Null(layout.Pending);
        Assert.Empty(MemberProcesses.All(directory));
        Assert.False(Directory.Exists(directory));
        Assert.False(await AcceptsAsync(m3.Port), $"port {m3.Port} of the removed member still accepts connections");
        Assert.StartsWith(Path.Combine(group.DataDirectory, ReplicationGroup.RemovedFolder, "m3-"), movedTo);
        Assert.True(File.Exists(Path.Combine(movedTo, "PG_VERSION")), $"the removed member's data is kept in '{movedTo}'");
        Assert.Equal(0L, await _fixture.ScalarAsync<long>("m0", "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'm3'"));
        await _fixture.ExecuteAsync("m0", "INSERT INTO kept VALUES (2)");
        await Eventually.True(async () => await _fixture.ScalarAsync<long>("m1", "SELECT count(*) FROM kept") == 2, "the write after the removal reaches m1");

        // The configured Replicas (2) is the group's minimum: commits always have a synchronous standby.
        var minimum = await Assert.ThrowsAsync<DynamicDbException>(() => group.RemoveMemberAsync("m2"));
        Assert.Equal(ErrorCodes.EngineGroupMinimum, minimum.ErrorCode);
        Assert.Contains("has 2 standbys (m1, m2); removing m2 would leave fewer than its minimum of 2 (ReplicationGroup:Replicas)", minimum.Message);
        Assert.Equal(3, LayoutFile.Read(group.DataDirectory)!.Members.Count);

        // The name is free again: the next addition is m3 once more, in a fresh data directory.
        var again = await group.AddMemberAsync(1);
        Assert.Equal(("m3", "quorum"), (again.Name, again.SyncState));
        Assert.Equal(2L, await _fixture.ScalarAsync<long>("m3", "SELECT count(*) FROM kept"));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
