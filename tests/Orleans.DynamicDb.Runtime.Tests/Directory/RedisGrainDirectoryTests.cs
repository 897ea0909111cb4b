using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Tests.Membership;
using Orleans.DynamicDb.TestInfrastructure;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

[Collection(RedisCollection.Name)]
public sealed class RedisGrainDirectoryTests(RedisFixture redis) : GrainDirectoryContractTests
{
    private readonly string _keyPrefix = $"t{Guid.NewGuid():N}"[..12];

    protected override Task<IGrainDirectory> CreateDirectoryAsync(string clusterId) =>
        Task.FromResult<IGrainDirectory>(new RedisGrainDirectory(Options(redis.Server), clusterId));

    private RedisClusteringOptions Options(RedisServer server) => new() { ConnectionString = server.ConnectionString, KeyPrefix = _keyPrefix };

    [Fact]
    public async Task An_entry_is_one_key_per_grain_and_its_silo_keeps_a_set_of_its_grains()
    {
        var silo = NewSilo();
        var address = On(NewGrain("database"), silo);
        await Directory.Register(address);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        Assert.Equal($"{silo}|{address.ActivationId}", (string?)await database.StringGetAsync($"{_keyPrefix}:{ClusterId}:{address.GrainId}"));
        Assert.Equal([address.GrainId.ToString()], (await database.SetMembersAsync($"{_keyPrefix}:{ClusterId}:silo:{silo}")).Select(v => (string?)v));

        await Directory.UnregisterSilos([silo]);

        Assert.False(await database.KeyExistsAsync($"{_keyPrefix}:{ClusterId}:silo:{silo}"));
    }

    [Fact]
    public async Task A_takeover_moves_the_grain_to_the_new_silo_set()
    {
        var (dead, survivor) = (NewSilo(1), NewSilo(2));
        var old = On(NewGrain(), dead);
        await Directory.Register(old);
        await Directory.Register(On(old.GrainId, survivor), previous: old);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        Assert.False(await database.KeyExistsAsync($"{_keyPrefix}:{ClusterId}:silo:{dead}"));
        Assert.True(await database.SetContainsAsync($"{_keyPrefix}:{ClusterId}:silo:{survivor}", old.GrainId.ToString()));
    }

    [Fact]
    public async Task While_the_server_is_down_calls_fail_and_they_work_again_once_it_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var directory = new RedisGrainDirectory(Options(server), ClusterId);
        var address = On(NewGrain(), NewSilo());
        await directory.Register(address);

        await server.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => directory.Lookup(address.GrainId));
        await server.RestartAsync();

        await Eventually.True(async () => await Reachable(directory, address), "the directory works again after the server restarted");
        Assert.Equal(address, await directory.Register(address));
    }

    private static async Task<bool> Reachable(RedisGrainDirectory directory, GrainAddress address)
    {
        try
        {
            // The test server keeps nothing on disk: the entry is gone after the restart.
            return await directory.Lookup(address.GrainId) is null;
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            return false;
        }
    }
}
