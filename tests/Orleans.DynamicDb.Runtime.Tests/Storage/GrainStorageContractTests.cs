namespace Orleans.DynamicDb.Runtime.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IGrainStorage"/> must have, run against each provider by a derived class. Each test
/// gets a fresh database (or store) from <see cref="InitializeStoreAsync"/>.
/// </summary>
public abstract partial class GrainStorageContractTests : IAsyncLifetime
{
    protected const string StateName = "basket";

    private IGrainStorage? _storage;

    /// <summary>The provider under test (created on first use).</summary>
    protected IGrainStorage Storage => _storage ??= CreateStorage();

    public Task InitializeAsync() => InitializeStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Prepares an empty store for one test.</summary>
    protected abstract Task InitializeStoreAsync();

    /// <summary>A provider over this test's store; durable providers return a new instance each call.</summary>
    protected abstract IGrainStorage CreateStorage();

    protected static GrainId NewGrainId(string type = "cart") => new(type, Guid.NewGuid().ToString("N"));

    protected static GrainState<Basket> NewState(string owner = "", params string[] items) =>
        new(new Basket { Owner = owner, Items = [.. items] });

    protected async Task<GrainState<Basket>> ReadAsync(GrainId grainId, string stateName = StateName, IGrainStorage? storage = null)
    {
        var state = NewState();
        await (storage ?? Storage).ReadStateAsync(stateName, grainId, state);
        return state;
    }

    [Fact]
    public async Task Reading_a_record_that_was_never_written_reports_no_record_and_leaves_the_state()
    {
        var state = NewState("untouched");
        state.ETag = "left over";
        state.RecordExists = true;

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("untouched", state.State.Owner);
    }

    [Fact]
    public async Task A_written_state_reads_back_equal_with_the_same_etag()
    {
        var grainId = NewGrainId();
        var written = NewState("ada", "apple", "pear");

        await Storage.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("ada", read.State.Owner);
        Assert.Equal(["apple", "pear"], read.State.Items);
    }

    [Fact]
    public async Task Every_write_sets_RecordExists_and_a_new_etag()
    {
        var grainId = NewGrainId();
        var state = NewState("ada");

        await Storage.WriteStateAsync(StateName, grainId, state);
        var first = state.ETag;
        state.State.Items.Add("fig");
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.True(state.RecordExists);
        Assert.NotNull(first);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(first, state.ETag);
        Assert.Equal(["fig"], (await ReadAsync(grainId)).State.Items);
    }

    [Fact]
    public async Task The_stored_state_is_a_copy_that_later_changes_to_the_grain_object_do_not_reach()
    {
        var grainId = NewGrainId();
        var state = NewState("ada", "apple");
        await Storage.WriteStateAsync(StateName, grainId, state);

        state.State.Items.Add("changed after the write");
        var first = await ReadAsync(grainId);
        var second = await ReadAsync(grainId);
        first.State.Items.Add("changed after the read");

        Assert.Equal(["apple"], second.State.Items);
        Assert.NotSame(state.State, second.State);
        Assert.NotSame(first.State, second.State);
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_type_grain_key_and_state_name()
    {
        var grainId = NewGrainId("cart");
        var sameKeyOtherType = new GrainId("wishlist", grainId.Key);
        await Storage.WriteStateAsync(StateName, grainId, NewState("cart basket"));
        await Storage.WriteStateAsync("other", grainId, NewState("other state"));
        await Storage.WriteStateAsync(StateName, sameKeyOtherType, NewState("wishlist basket"));

        Assert.Equal("cart basket", (await ReadAsync(grainId)).State.Owner);
        Assert.Equal("other state", (await ReadAsync(grainId, "other")).State.Owner);
        Assert.Equal("wishlist basket", (await ReadAsync(sameKeyOtherType)).State.Owner);
        Assert.False((await ReadAsync(NewGrainId("cart"))).RecordExists);
    }

    [Fact]
    public async Task Clearing_deletes_the_record_and_resets_the_etag_and_RecordExists()
    {
        var grainId = NewGrainId();
        var state = NewState("ada");
        await Storage.WriteStateAsync(StateName, grainId, state);

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(grainId);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Clearing_when_nothing_is_stored_and_the_grain_expects_nothing_succeeds()
    {
        var state = NewState();

        await Storage.ClearStateAsync(StateName, NewGrainId(), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_cleared_record_can_be_written_again_and_the_etag_from_before_the_clear_no_longer_works()
    {
        var grainId = NewGrainId();
        var state = NewState("first");
        await Storage.WriteStateAsync(StateName, grainId, state);
        var beforeClear = state.ETag;
        await Storage.ClearStateAsync(StateName, grainId, state);

        state.State.Owner = "second";
        await Storage.WriteStateAsync(StateName, grainId, state);

        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("second", read.State.Owner);
        Assert.NotEqual(beforeClear, read.ETag);
        var stale = NewState("stale");
        stale.ETag = beforeClear;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));
    }

    [Fact]
    public async Task A_stored_state_that_does_not_fit_the_requested_type_fails_with_a_message_naming_the_grain_and_the_state()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync(StateName, grainId, NewState("not a number"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.ReadStateAsync(StateName, grainId, new GrainState<int>(0)));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{StateName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_name_that_is_empty_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.WriteStateAsync("", NewGrainId(), NewState()));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.ReadStateAsync(StateName, default, NewState()));
    }
}
