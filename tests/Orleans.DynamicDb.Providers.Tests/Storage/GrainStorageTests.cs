using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Providers.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.DynamicDb.Providers.Tests.Storage;

/// <summary>Orleans' ADO.NET grain storage on the product's schema, on a real SQLite file and a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainStorageTests(PostgresFixture postgres)
{
    private const string GrainType = "countergrain";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task State_written_by_a_grain_survives_a_silo_restart(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        var serviceId = TestClusters.NewServiceId();

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("restart");
            await grain.IncrementAsync();
            await grain.IncrementAsync();
            Assert.Equal(3, await grain.IncrementAsync());
        }

        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE ServiceId = '{serviceId}' AND PayloadBinary IS NOT NULL"));
        Assert.Equal(3, await target.CountAsync($"SELECT Version FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("restart");
            Assert.Equal(3, await grain.GetAsync());
            Assert.Equal(4, await grain.IncrementAsync());
            Assert.Equal(0, await cluster.Client.GetGrain<ICounterGrain>("never-written").GetAsync());
        }

        Assert.Equal(4, await target.CountAsync($"SELECT Version FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Writes_and_clears_with_a_stale_etag_fail_with_InconsistentStateException_and_leave_the_row_unchanged(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        var serviceId = TestClusters.NewServiceId();
        await using var cluster = await TestClusters.StartAsync(serviceId, target.Configure);
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = GrainId.Create(GrainType, "etag");

        var winner = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(GrainType, grainId, winner);
        Assert.Equal("1", winner.ETag);

        // A second activation that never saw the row (no etag) must not overwrite it.
        var blind = new GrainState<CounterState>(new CounterState { Count = 100 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, grainId, blind));

        // An activation holding an old etag must not overwrite the newer state, nor clear it.
        var stale = new GrainState<CounterState>(new CounterState { Count = 200 }) { ETag = winner.ETag };
        winner.State = new CounterState { Count = 2 };
        await storage.WriteStateAsync(GrainType, grainId, winner);
        Assert.Equal("2", winner.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(GrainType, grainId, stale));

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(GrainType, grainId, read);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(2, await target.CountAsync($"SELECT Version FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));
        Assert.Equal(1, await target.CountAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Clearing_state_empties_the_stored_row_and_a_restarted_silo_starts_the_grain_from_default(string engine)
    {
        await using var target = await StorageTarget.CreateAsync(engine, postgres);
        var serviceId = TestClusters.NewServiceId();

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("clear");
            await grain.IncrementAsync();
            await grain.IncrementAsync();
            await grain.ClearAsync();
            Assert.Equal(0, await grain.GetAsync());
        }

        Assert.Equal(0, await target.CountAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE ServiceId = '{serviceId}' AND PayloadBinary IS NOT NULL"));
        Assert.Equal(3, await target.CountAsync($"SELECT Version FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));

        await using (var cluster = await TestClusters.StartAsync(serviceId, target.Configure))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("clear");
            Assert.Equal(0, await grain.GetAsync());
            Assert.Equal(1, await grain.IncrementAsync());
        }

        Assert.Equal(4, await target.CountAsync($"SELECT Version FROM OrleansStorage WHERE ServiceId = '{serviceId}'"));
    }
}
