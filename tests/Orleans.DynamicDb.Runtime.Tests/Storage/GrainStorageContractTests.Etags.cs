namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public abstract partial class GrainStorageContractTests
{
    [Fact]
    public async Task Writing_with_a_stale_etag_throws_InconsistentStateException_with_both_etags()
    {
        var grainId = NewGrainId();
        var mine = NewState("mine");
        await Storage.WriteStateAsync(StateName, grainId, mine);
        var theirs = await ReadAsync(grainId);
        await Storage.WriteStateAsync(StateName, grainId, theirs);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, mine));

        Assert.Equal(theirs.ETag, error.StoredEtag);
        Assert.Equal(mine.ETag, error.CurrentEtag);
        Assert.Equal(theirs.ETag, (await ReadAsync(grainId)).ETag);
    }

    [Fact]
    public async Task The_conflict_message_names_the_grain_the_state_and_both_etags()
    {
        var grainId = NewGrainId();
        var mine = NewState();
        await Storage.WriteStateAsync(StateName, grainId, mine);
        var theirs = await ReadAsync(grainId);
        await Storage.WriteStateAsync(StateName, grainId, theirs);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, mine));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, error.Message, StringComparison.Ordinal);
        Assert.Contains(theirs.ETag!, error.Message, StringComparison.Ordinal);
        Assert.Contains(mine.ETag!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_as_new_when_a_record_exists_throws_with_the_stored_etag_and_no_current_one()
    {
        var grainId = NewGrainId();
        var existing = NewState("existing");
        await Storage.WriteStateAsync(StateName, grainId, existing);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("newcomer")));

        Assert.Equal(existing.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        Assert.Equal("existing", (await ReadAsync(grainId)).State.Owner);
    }

    [Fact]
    public async Task Writing_with_an_etag_when_no_record_exists_throws_with_no_stored_etag()
    {
        var grainId = NewGrainId();
        var state = NewState();
        await Storage.WriteStateAsync(StateName, grainId, state);
        var etag = state.ETag;
        await Storage.ClearStateAsync(StateName, grainId, await ReadAsync(grainId));
        state.ETag = etag;

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, state));

        Assert.Null(error.StoredEtag);
        Assert.Equal(etag, error.CurrentEtag);
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_with_both_etags_and_keeps_the_record()
    {
        var grainId = NewGrainId();
        var mine = NewState("mine");
        await Storage.WriteStateAsync(StateName, grainId, mine);
        var theirs = await ReadAsync(grainId);
        theirs.State.Owner = "theirs";
        await Storage.WriteStateAsync(StateName, grainId, theirs);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, mine));

        Assert.Equal(theirs.ETag, error.StoredEtag);
        Assert.Equal(mine.ETag, error.CurrentEtag);
        Assert.NotNull(mine.ETag);
        Assert.Equal("theirs", (await ReadAsync(grainId)).State.Owner);
    }

    [Fact]
    public async Task Clearing_with_no_etag_while_a_record_exists_throws_and_keeps_the_record()
    {
        var grainId = NewGrainId();
        var existing = NewState("existing");
        await Storage.WriteStateAsync(StateName, grainId, existing);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, NewState()));

        Assert.Equal(existing.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        Assert.True((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clearing_a_record_someone_else_already_cleared_throws_with_no_stored_etag()
    {
        var grainId = NewGrainId();
        var mine = NewState();
        await Storage.WriteStateAsync(StateName, grainId, mine);
        await Storage.ClearStateAsync(StateName, grainId, await ReadAsync(grainId));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, mine));

        Assert.Null(error.StoredEtag);
        Assert.Equal(mine.ETag, error.CurrentEtag);
    }
}
