using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

/// <summary>What a database-backed provider adds to the contract: state outlives the provider, and it sets up its own table.</summary>
public abstract class DurableGrainStorageContractTests : GrainStorageContractTests
{
    /// <summary>The invariant of the database under test.</summary>
    protected abstract string Invariant { get; }

    /// <summary>This test's (initially empty) database.</summary>
    protected abstract string ConnectionString { get; }

    /// <summary>Runs a query straight against the database, bypassing the provider.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    protected override IGrainStorage CreateStorage() => CreateStorage(AdoNetGrainStorageOptions.DefaultTableName);

    protected AdoNetGrainStorage CreateStorage(string tableName) => new(
        "durable",
        new AdoNetGrainStorageOptions { Invariant = Invariant, ConnectionString = ConnectionString, TableName = tableName });

    [Fact]
    public async Task State_written_before_a_restart_reads_back_in_a_new_provider_instance()
    {
        var grainId = NewGrainId();
        var written = NewState("ada", "apple");
        await CreateStorage().WriteStateAsync(StateName, grainId, written);

        var read = await ReadAsync(grainId, storage: CreateStorage());

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(["apple"], read.State.Items);
    }

    [Fact]
    public async Task An_etag_read_before_a_restart_still_guards_writes_after_it()
    {
        var grainId = NewGrainId();
        var stale = NewState("before");
        await CreateStorage().WriteStateAsync(StateName, grainId, stale);
        var fresh = await ReadAsync(grainId, storage: CreateStorage());
        await CreateStorage().WriteStateAsync(StateName, grainId, fresh);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => CreateStorage().WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(fresh.ETag, error.StoredEtag);
    }

    [Fact]
    public async Task The_table_and_its_schema_version_are_created_on_first_use_of_an_empty_database()
    {
        var read = await ReadAsync(NewGrainId());

        Assert.False(read.RecordExists);
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_grain_state")));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT version FROM dyndb_schema_versions WHERE table_name = 'dyndb_grain_state'")));
        Assert.Equal("grain_state", await ScalarAsync("SELECT kind FROM dyndb_schema_versions WHERE table_name = 'dyndb_grain_state'"));
    }

    [Fact]
    public async Task Creating_the_table_again_is_a_no_op_that_keeps_the_data()
    {
        var grainId = NewGrainId();
        await CreateStorage().WriteStateAsync(StateName, grainId, NewState("kept"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("kept", (await ReadAsync(grainId, storage: CreateStorage())).State.Owner);
        }

        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_schema_versions")));
    }

    [Fact]
    public async Task A_table_at_a_newer_schema_version_is_refused_with_a_message_naming_both_versions()
    {
        await ReadAsync(NewGrainId());
        await ScalarAsync("UPDATE dyndb_schema_versions SET version = 99 WHERE table_name = 'dyndb_grain_state'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(NewGrainId(), storage: CreateStorage()));

        Assert.Contains("'dyndb_grain_state'", error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 99, newer than this build supports (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_created_earlier_without_a_version_row_is_adopted_with_its_data()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, NewState("kept"));
        await ScalarAsync("DELETE FROM dyndb_schema_versions");

        var read = await ReadAsync(grainId, storage: CreateStorage());

        Assert.Equal("kept", read.State.Owner);
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT version FROM dyndb_schema_versions WHERE table_name = 'dyndb_grain_state'")));
    }

    [Fact]
    public async Task Providers_starting_together_on_an_empty_database_all_create_the_table_without_errors()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var providers = Enumerable.Range(0, 8).Select(_ => CreateStorage()).ToArray();

        var writes = providers.Select(storage => Task.Run(async () =>
        {
            await start.Task;
            await storage.WriteStateAsync(StateName, NewGrainId(), NewState("first use"));
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writes);

        Assert.Equal(8L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_grain_state")));
    }

    [Fact]
    public async Task Writers_in_separate_provider_instances_do_not_fail_each_other()
    {
        var providers = Enumerable.Range(0, 4).Select(_ => CreateStorage()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var storage = providers[i % providers.Length];
            var state = NewState($"grain {i}");
            var grainId = NewGrainId();
            await storage.WriteStateAsync(StateName, grainId, state);
            state.State.Items.Add("second write");
            await storage.WriteStateAsync(StateName, grainId, state);
        })));

        Assert.Equal(40L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dyndb_grain_state")));
    }

    [Fact]
    public async Task A_custom_table_name_is_created_and_used()
    {
        var grainId = NewGrainId();
        var storage = CreateStorage("custom_state");

        await storage.WriteStateAsync(StateName, grainId, NewState("custom"));

        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM custom_state")));
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task The_payload_column_holds_the_state_as_json()
    {
        await Storage.WriteStateAsync(StateName, NewGrainId(), NewState("ada", "apple"));

        var payload = (string?)await ScalarAsync("SELECT payload FROM dyndb_grain_state");

        Assert.Equal("""{"Owner":"ada","Items":["apple"]}""", payload);
    }
}
