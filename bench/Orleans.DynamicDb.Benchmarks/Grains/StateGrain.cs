namespace Orleans.DynamicDb.Benchmarks.Grains;

/// <summary>Writes its state through the silo's default grain storage provider on every call, as grain code would (awaited).</summary>
public sealed class StateGrain([PersistentState("bench")] IPersistentState<BenchRecord> state) : Grain, IStateGrain
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public async Task Write(long sequence)
    {
        state.State = new BenchRecord(sequence, "bench", Stamp);
        await state.WriteStateAsync();
    }
}
