namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public abstract partial class GrainStorageContractTests
{
    private const int Racers = 8;

    [Fact]
    public async Task Writers_inserting_the_same_new_record_at_once_exactly_one_wins()
    {
        var grainId = NewGrainId();
        var states = Enumerable.Range(0, Racers).Select(i => NewState($"writer {i}")).ToArray();

        var outcomes = await RaceAsync(states.Select(state => (Func<Task>)(() => Storage.WriteStateAsync(StateName, grainId, state))));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => outcomes[i] is null);
        Assert.All(outcomes.Where(error => error is not null), error => Assert.IsType<InconsistentStateException>(error));
        var read = await ReadAsync(grainId);
        Assert.Equal($"writer {winner}", read.State.Owner);
        Assert.Equal(states[winner].ETag, read.ETag);
    }

    [Fact]
    public async Task Writers_updating_from_the_same_etag_at_once_exactly_one_wins()
    {
        var grainId = NewGrainId();
        var original = NewState("original");
        await Storage.WriteStateAsync(StateName, grainId, original);
        var states = Enumerable.Range(0, Racers).Select(i => new GrainState<Basket>(new Basket { Owner = $"writer {i}" }) { ETag = original.ETag, RecordExists = true }).ToArray();

        var outcomes = await RaceAsync(states.Select(state => (Func<Task>)(() => Storage.WriteStateAsync(StateName, grainId, state))));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => outcomes[i] is null);
        Assert.All(outcomes.Where(error => error is not null), error => Assert.IsType<InconsistentStateException>(error));
        Assert.Equal($"writer {winner}", (await ReadAsync(grainId)).State.Owner);
    }

    [Fact]
    public async Task Many_grains_writing_at_once_all_succeed()
    {
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrainId()).ToArray();

        await Task.WhenAll(grains.Select(grainId => Task.Run(async () =>
        {
            var state = NewState(grainId.Key);
            for (var i = 0; i < 5; i++)
            {
                state.State.Items.Add($"item {i}");
                await Storage.WriteStateAsync(StateName, grainId, state);
                await Storage.ReadStateAsync(StateName, grainId, state);
            }
        })));

        foreach (var grainId in grains)
        {
            var read = await ReadAsync(grainId);
            Assert.Equal(grainId.Key, read.State.Owner);
            Assert.Equal(5, read.State.Items.Count);
        }
    }

    /// <summary>Starts every operation together (released by one signal) and returns each one's exception, or null.</summary>
    private static async Task<Exception?[]> RaceAsync(IEnumerable<Func<Task>> operations)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = operations.Select(operation => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await operation();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(running);
    }
}
