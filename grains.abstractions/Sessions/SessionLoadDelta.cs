namespace Orleans.DynamicDb.Sessions;

/// <summary>The statements a connection ran between two reports, aggregated where they ran.</summary>
/// <param name="Statements">Statements run (each part of a multi-statement query counts).</param>
/// <param name="Reads">Of them, reads (rows returned by the engine's read path).</param>
/// <param name="Writes">Of them, writes (data or schema changes).</param>
/// <param name="Errors">Of them, those that failed.</param>
/// <param name="InTransaction">Of them, those run inside an explicit transaction.</param>
/// <param name="Transactions">Transactions ended: each statement outside a transaction counts as one, each COMMIT or ROLLBACK as one.</param>
/// <param name="Rows">Rows returned to the client.</param>
/// <param name="Bytes">Bytes sent to the client.</param>
/// <param name="ServerTicks">Server time spent on the statements, in <see cref="TimeSpan"/> ticks (the engine call, end to end).</param>
/// <param name="LatencyBuckets">Statement latencies as counts per <see cref="LatencyHistogram"/> bucket (trailing empty buckets dropped).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionLoadDelta")]
public sealed record SessionLoadDelta(
    long Statements,
    long Reads,
    long Writes,
    long Errors,
    long InTransaction,
    long Transactions,
    long Rows,
    long Bytes,
    long ServerTicks,
    IReadOnlyList<long> LatencyBuckets)
{
    /// <summary>Nothing ran.</summary>
    public static SessionLoadDelta None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, []);

    /// <summary>True when nothing ran.</summary>
    public bool IsEmpty => Statements == 0 && Transactions == 0 && Bytes == 0;
}
