using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Testing;
using Orleans.DynamicDb.Runtime.Tests.Grains;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Persistence;

/// <summary>IPersistentState through a real grain, on each storage provider. Subclasses choose the provider.</summary>
public abstract class PersistentStateTests
{
    protected abstract void AddStorage(ISiloBuilder silo);

    [Fact]
    public async Task State_is_read_before_the_first_call_and_kept_across_deactivation()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(Probe.NewName());

        Assert.False(await grain.RecordExists());
        await grain.Visit("ada", "a");
        await grain.Visit("ada", "b");
        await grain.Deactivate();
        await Eventually.True(async () => (await grain.Get()).Visits == 2, "the next activation reads the stored state");

        var state = await grain.Get();
        Assert.Equal("ada", state.Name);
        Assert.Equal(["a", "b"], state.Tags);
        Assert.True(await grain.RecordExists());
    }

    [Fact]
    public async Task A_write_over_a_record_someone_else_changed_raises_an_etag_conflict_and_keeps_their_data()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(key);
        await grain.Visit("ada", "a");

        // Another writer updates the record behind the grain's back.
        var storage = cluster.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("store");
        var id = grain.GetGrainId();
        var theirs = new GrainState<ProfileState>(new ProfileState());
        await storage.ReadStateAsync("profile", id, theirs);
        theirs.State.Name = "someone else";
        await storage.WriteStateAsync("profile", id, theirs);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Visit("ada", "b"));
        var stored = new GrainState<ProfileState>(new ProfileState());
        await storage.ReadStateAsync("profile", id, stored);

        Assert.Equal(theirs.ETag, conflict.StoredEtag);
        Assert.Equal("someone else", stored.State.Name);
    }

    [Fact]
    public async Task Clearing_state_removes_the_record_and_resets_the_state()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(Probe.NewName());
        await grain.Visit("ada", "a");

        await grain.Clear();

        Assert.False(await grain.RecordExists());
        Assert.Null(await grain.GetEtag());
        Assert.Equal(0, (await grain.Get()).Visits);
        await grain.Visit("bob", "b");
        Assert.Equal(1, (await grain.Get()).Visits);
    }

    [Fact]
    public async Task The_state_a_caller_receives_is_a_copy_it_cannot_change_the_grain_through()
    {
        await using var cluster = await StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(Probe.NewName());
        await grain.Visit("ada", "a");

        var copy = await grain.Get();
        copy.Tags.Add("tampered");
        copy.Visits = 100;

        var state = await grain.Get();
        Assert.Equal(["a"], state.Tags);
        Assert.Equal(1, state.Visits);
    }

    [Fact]
    public async Task A_grain_asking_for_a_storage_provider_that_is_not_registered_fails_with_its_name()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IProfileGrain>(Probe.NewName());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Get());

        Assert.Contains("'store'", error.Message, StringComparison.Ordinal);
    }

    protected Task<TestCluster> StartAsync() => TestClusters.StartAsync(AddStorage);
}

/// <summary>Providers that keep state across a silo restart.</summary>
public abstract class DurablePersistentStateTests : PersistentStateTests
{
    [Fact]
    public async Task State_survives_a_silo_restart_on_durable_storage()
    {
        await using var cluster = await StartAsync();
        var key = Probe.NewName();
        await cluster.GrainFactory.GetGrain<IProfileGrain>(key).Visit("grace", "x");

        await cluster.RestartSiloAsync(cluster.Primary);
        var state = await cluster.GrainFactory.GetGrain<IProfileGrain>(key).Get();

        Assert.Equal("grace", state.Name);
        Assert.Equal(1, state.Visits);
    }
}

public sealed class MemoryPersistentStateTests : PersistentStateTests
{
    protected override void AddStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage("store");
}

public sealed class SqlitePersistentStateTests : DurablePersistentStateTests, IDisposable
{
    private readonly Storage.SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override void AddStorage(ISiloBuilder silo) => silo.AddAdoNetGrainStorage("store", o =>
    {
        o.Invariant = AdoNetInvariants.InvariantNameSqlite;
        o.ConnectionString = _file.ConnectionString;
    });
}

[Collection(Infrastructure.PostgresCollection.Name)]
public sealed class PostgresPersistentStateTests(PostgresFixture postgres) : DurablePersistentStateTests
{
    private readonly string _connectionString = postgres.Server.CreateDatabaseAsync("state").GetAwaiter().GetResult();

    protected override void AddStorage(ISiloBuilder silo) => silo.AddAdoNetGrainStorage("store", o =>
    {
        o.Invariant = AdoNetInvariants.InvariantNamePostgreSql;
        o.ConnectionString = _connectionString;
    });
}
