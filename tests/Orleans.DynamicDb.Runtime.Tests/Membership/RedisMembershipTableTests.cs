using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

[Collection(RedisCollection.Name)]
public sealed class RedisMembershipTableTests(RedisFixture redis) : MembershipTableContractTests
{
    private readonly string _keyPrefix = $"t{Guid.NewGuid():N}"[..12];

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) =>
        Task.FromResult<IMembershipTable>(new RedisMembershipTable(Options(redis.Server), clusterId));

    private RedisClusteringOptions Options(RedisServer server) => new() { ConnectionString = server.ConnectionString, KeyPrefix = _keyPrefix };

    [Fact]
    public async Task Tables_with_different_key_prefixes_do_not_see_each_other()
    {
        await InsertAsync(NewEntry(NewSilo()));
        await using var other = new RedisMembershipTable(new RedisClusteringOptions { ConnectionString = redis.Server.ConnectionString, KeyPrefix = "other" }, ClusterId);

        Assert.Empty((await other.ReadAll()).Members);
    }

    [Fact]
    public async Task While_the_server_is_down_calls_fail_and_they_work_again_once_it_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var table = new RedisMembershipTable(Options(server), ClusterId);
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        Assert.True(await table.InsertRow(NewEntry(NewSilo()), (await table.ReadAll()).Version.Next()));

        await server.KillAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => table.ReadAll());

        await server.RestartAsync();

        // The test server keeps nothing on disk: the table comes back empty and uninitialised.
        await Eventually.True(async () => await Reachable(table), "the table works again after the server restarted");
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        var read = await table.ReadAll();
        Assert.Empty(read.Members);
        Assert.True(await table.InsertRow(NewEntry(NewSilo()), read.Version.Next()));
    }

    [Fact]
    public void A_cluster_id_that_cannot_be_part_of_a_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisMembershipTable(Options(redis.Server), "a:b"));

        Assert.Contains("'a:b' contains ':'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> Reachable(RedisMembershipTable table)
    {
        try
        {
            await table.ReadAll();
            return true;
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or TimeoutException)
        {
            return false;
        }
    }
}
