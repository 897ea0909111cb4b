using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Where an open database runs its short autocommit statements that neither change nor depend on session state
/// (<see cref="SharedPoolStatements"/>): a few server connections shared by all concurrent callers, never reset between
/// statements. A seam, so that another batching strategy (e.g. <c>NpgsqlBatch</c> with error barriers) can replace
/// <see cref="MultiplexingStatementPool"/>, whose Npgsql multiplexing was removed upstream after Npgsql 10.
/// </summary>
internal interface ISharedStatementPool : IAsyncDisposable
{
    /// <summary>Runs <paramref name="prepared"/> and reads all its rows. Failures are the driver's, unmapped.</summary>
    Task<QueryResult> QueryAsync(PreparedStatement prepared, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="prepared"/> for its affected-row count. Failures are the driver's, unmapped.</summary>
    Task<ExecResult> ExecAsync(PreparedStatement prepared, CancellationToken cancellationToken);
}
