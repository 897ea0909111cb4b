using System.Net;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// <c>DELETE /v1/engines/groups/{group}/members/{member}</c> on a silo process running a <c>postgres-ha</c> group (2
/// replicas): an unknown member, the primary and a removal below <c>Replicas</c> are refused; an added standby is
/// removed (its server stops, its data goes to <c>removed/</c>), writes keep committing, and each attempt is audited.
/// </summary>
public sealed class HaRemoveMemberTests
{
    [Fact]
    public async Task An_added_standby_is_removed_while_unknown_members_the_primary_and_removals_below_Replicas_are_refused()
    {
        await using var silo = await HaSilo.StartAsync();
        (await silo.App.ExecAsync("notes", "CREATE TABLE notes (n INTEGER NOT NULL)")).EnsureOk();
        var added = await silo.Admin.PostRawAsync("/v1/engines", "{\"group\": \"pg-ha\"}");
        Assert.True(added.Status == HttpStatusCode.Created, $"{(int)added.Status}: {added.Body}");
        var pid = added.Json.GetProperty("pid").GetInt32();

        var unknown = (await silo.Admin.DeleteAsync("/v1/engines/groups/pg-ha/members/m9")).AssertProblem(HttpStatusCode.NotFound, "engine.unknown");
        Assert.Contains("has no member 'm9'; its members are m0, m1, m2, m3", unknown);
        var primary = (await silo.Admin.DeleteAsync("/v1/engines/groups/pg-ha/members/m0")).AssertProblem(HttpStatusCode.Conflict, "engine.member_primary");
        Assert.Contains("Member m0 is the primary of replication group pg-ha", primary);
        (await silo.App.DeleteAsync("/v1/engines/groups/pg-ha/members/m3")).AssertProblem(HttpStatusCode.Forbidden, "auth.denied");

        var removed = await silo.Admin.DeleteAsync("/v1/engines/groups/PG-HA/members/pg-ha.m3");

        Assert.True(removed.Status == HttpStatusCode.OK, $"{(int)removed.Status}: {removed.Body}");
        Assert.Equal("pg-ha", removed.Json.GetProperty("id").GetString());
        var engines = await silo.EnginesAsync();
        Assert.False(engines.ContainsKey("pg-ha.m3"), "m3 is no longer listed");
        await Eventually.True(() => !HaSilo.IsPostgres(pid), "the removed standby's server is gone");
        Assert.Contains(Directory.GetDirectories(Path.Combine(silo.GroupDirectory, "removed")), d => Path.GetFileName(d).StartsWith("m3-", StringComparison.Ordinal));
        (await silo.App.ExecAsync("notes", "INSERT INTO notes (n) VALUES (1)")).EnsureOk();

        var minimum = (await silo.Admin.DeleteAsync("/v1/engines/groups/pg-ha/members/m2")).AssertProblem(HttpStatusCode.Conflict, "engine.group_minimum");
        Assert.Contains("has 2 standbys (m1, m2); removing m2 would leave fewer than its minimum of 2", minimum);
        var audit = (await silo.Admin.GetAsync("/v1/admin/audit?target=pg-ha")).EnsureOk();
        Assert.Equal(
            [
                ("member.remove.requested", "accepted"), ("member.remove.failed", "engine.unknown"),
                ("member.remove.requested", "accepted"), ("member.remove.failed", "engine.member_primary"),
                ("member.remove.requested", "accepted"), ("member.removed", "ok"),
                ("member.remove.requested", "accepted"), ("member.remove.failed", "engine.group_minimum"),
            ],
            audit.Json.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("action").GetString(), r.GetProperty("result").GetString()))
                .Where(r => r.Item1!.StartsWith("member.remove", StringComparison.Ordinal)));
    }
}
