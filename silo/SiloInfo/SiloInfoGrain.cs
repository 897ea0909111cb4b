using Orleans.DynamicDb.Runtime;

namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>Keeps a silo's start history in the default grain storage (the silo's SQLite file).</summary>
internal sealed class SiloInfoGrain(
    [PersistentState("silo-info")] IPersistentState<SiloInfoState> state,
    TimeProvider timeProvider) : Grain, ISiloInfoGrain
{
    public async Task<SiloStartHistory> RecordStartAsync()
    {
        var now = timeProvider.GetUtcNow();
        var previous = state.State;
        state.State = new SiloInfoState { Starts = previous.Starts + 1, FirstStartedAt = previous.FirstStartedAt ?? now, LastStartedAt = now };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Keep memory equal to what is stored, so a failed start is not counted.
            state.State = previous;
            throw;
        }

        return state.State.ToHistory();
    }

    public Task<SiloStartHistory> GetAsync() => Task.FromResult(state.State.ToHistory());
}
