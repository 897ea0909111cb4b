namespace Orleans.DynamicDb.Databases;

/// <summary>
/// How busy a database was over a recent window (<see cref="IDatabaseGrain.GetLoadAsync"/>), measured in its grain on
/// the statement calls it ran (exec, query, query_page, next_page, transaction), failed ones included.
/// </summary>
/// <param name="Window">The window asked for (capped at one hour, and at the grain's activation: a database that just woke knows only since then).</param>
/// <param name="Statements">Statement calls that ended within the window.</param>
/// <param name="P99Ms">The 99th percentile of their durations in milliseconds (over the latest 4096 when there were more); null without any.</param>
/// <param name="MaxConcurrent">
/// The most statement calls in flight plus query cursors open at one time within the window — the stand-in for
/// "connections" until the wire frontend has sessions of its own.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.DatabaseLoad")]
public sealed record DatabaseLoad(
    TimeSpan Window,
    long Statements,
    double? P99Ms,
    int MaxConcurrent);
