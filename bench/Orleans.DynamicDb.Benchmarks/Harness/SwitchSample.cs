namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// One measured switch of the <c>engine-switch</c> part: the server's answer, what the clients saw during it (from the
/// POST to its answer) and in the same time before it, and the read-back of every acknowledged id afterwards.
/// </summary>
/// <param name="SizeMb">The nominal size of the filled data.</param>
/// <param name="Repetition">Which repetition (1-based).</param>
/// <param name="From">The engine the database was on.</param>
/// <param name="To">The target engine.</param>
/// <param name="DataMb">The SQLite file's size after the fill (MB), the bytes a copy moves.</param>
/// <param name="Answer">The switch API's answer.</param>
/// <param name="ClientMs">POST sent → answer received.</param>
/// <param name="Before">Acknowledged write latencies of writes sent in the settle time before the POST.</param>
/// <param name="During">Acknowledged write latencies of writes in flight at any moment between the POST and its answer.</param>
/// <param name="LongestGapMs">The longest time between the POST and its answer without a write acknowledgement.</param>
/// <param name="LongestGapAtMs">Where that gap started, in ms after the POST was sent.</param>
/// <param name="LongestGapPhase">The switch's phase when that gap started (from the silo's log; the POST and the switch's start are a few ms apart).</param>
/// <param name="FailedWrites">Write attempts answered with a failure during the switch.</param>
/// <param name="Reads">Successful reads sent during the switch.</param>
/// <param name="ReadFailures">Failed reads during the switch (status and code).</param>
/// <param name="EngineAfter">The database's engine in the catalog afterwards.</param>
/// <param name="Lost">Acknowledged ids absent afterwards.</param>
/// <param name="Duplicated">Ids present more than once afterwards.</param>
/// <param name="Acknowledged">Acknowledged ids checked.</param>
/// <param name="BeforeCopyMs">The switch's start → its copying phase (validation, plan, target opened), from the silo's log.</param>
/// <param name="CopyMs">The snapshot copy's duration, from the silo's log.</param>
/// <param name="CopyBytes">The bytes the copy moved (the mover's estimate), from the silo's log.</param>
internal sealed record SwitchSample(
    int SizeMb,
    int Repetition,
    string From,
    string To,
    double DataMb,
    SwitchAnswer Answer,
    double ClientMs,
    Latencies Before,
    Latencies During,
    double LongestGapMs,
    double LongestGapAtMs,
    string LongestGapPhase,
    int FailedWrites,
    int Reads,
    IReadOnlyList<string> ReadFailures,
    string EngineAfter,
    int Lost,
    int Duplicated,
    int Acknowledged,
    double? BeforeCopyMs,
    double? CopyMs,
    long? CopyBytes)
{
    /// <summary>True when the server said success and the database is on the target afterwards.</summary>
    public bool Switched => Answer.Success && EngineAfter == To;

    /// <summary>Data MB over the server's switch duration (the whole switch, not the copy phase alone).</summary>
    public double? MegabytesPerSecond => Answer.SwitchDurationMs is { } ms && ms > 0 ? DataMb / (ms / 1000) : null;

    /// <summary>The copy's speed: its bytes over its duration (MB/s), when the silo's log told both.</summary>
    public double? CopyMegabytesPerSecond => CopyBytes is { } bytes && CopyMs is { } ms && ms > 0 ? bytes / 1_000_000.0 / (ms / 1000) : null;
}
