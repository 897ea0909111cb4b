namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// A session's query load and resource use so far, as numbers (a tier classifier's features). CPU and I/O per
/// statement are not reported by any engine yet (SQLite has no such counters; PostgreSQL's need pg_stat_statements),
/// so resource use is the server time per statement.
/// </summary>
/// <param name="Statements">Statements run.</param>
/// <param name="Reads">Of them, reads.</param>
/// <param name="Writes">Of them, writes.</param>
/// <param name="Errors">Of them, failed.</param>
/// <param name="ReadRatio">Reads / (reads + writes); 0 before the first.</param>
/// <param name="InTransaction">Statements run inside explicit transactions.</param>
/// <param name="Transactions">Transactions ended (a statement outside a transaction counts as one).</param>
/// <param name="StatementsPerTransaction">Statements / transactions; 0 before the first.</param>
/// <param name="RatePerSecond">Statements per second over the last <c>DynamicDb:Sessions:RateWindow</c> (or since opening, when shorter).</param>
/// <param name="P50Ms">Median statement latency, ms (bucketed: at most 19% high).</param>
/// <param name="P99Ms">99th percentile statement latency, ms (bucketed: at most 19% high).</param>
/// <param name="Rows">Rows returned to the client.</param>
/// <param name="Bytes">Bytes sent to the client.</param>
/// <param name="ServerTimeMs">Server time spent on statements, ms.</param>
/// <param name="ServerTimePerStatementMs">Server time per statement, ms; 0 before the first.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionLoad")]
public sealed record SessionLoad(
    long Statements,
    long Reads,
    long Writes,
    long Errors,
    double ReadRatio,
    long InTransaction,
    long Transactions,
    double StatementsPerTransaction,
    double RatePerSecond,
    double P50Ms,
    double P99Ms,
    long Rows,
    long Bytes,
    double ServerTimeMs,
    double ServerTimePerStatementMs);
