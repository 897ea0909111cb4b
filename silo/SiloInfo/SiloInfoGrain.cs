using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.DynamicDb.Silo.SiloInfo;

/// <summary>Keeps a silo's start history in the default grain storage (the silo's SQLite file).</summary>
internal sealed class SiloInfoGrain(
    [PersistentState("silo-info")] IPersistentState<SiloInfoState> state,
    TimeProvider timeProvider) : Grain, ISiloInfoGrain
{
    /// <summary>
    /// Counts a start. Silos of a cluster share this record, so another silo may have written it since this
    /// activation read it: on an etag conflict the record is read again and the start counted on top (a few tries).
    /// </summary>
    public async Task<SiloStartHistory> RecordStartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = timeProvider.GetUtcNow();
            var previous = state.State;
            state.State = new SiloInfoState { Starts = previous.Starts + 1, FirstStartedAt = previous.FirstStartedAt ?? now, LastStartedAt = now };
            try
            {
                await state.WriteStateAsync();
                return state.State.ToHistory();
            }
            catch (InconsistentStateException) when (attempt < 5)
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Keep memory equal to what is stored, so a failed start is not counted.
                state.State = previous;
                throw;
            }
        }
    }

    public Task<SiloStartHistory> GetAsync() => Task.FromResult(state.State.ToHistory());
}
