using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The shared pool (<see cref="EngineOptions.SharedPool"/>): an autocommit <c>ExecAsync</c> or <c>QueryAsync</c> of the
/// High or Medium tier whose text <see cref="SharedPoolStatements"/> finds free of session state runs on
/// <see cref="ISharedStatementPool"/>; read-only statements (whose transaction must not stay open on a shared connection
/// after a failure), cursors, transactions, the Low and Background tiers and everything not found safe keep the
/// dedicated, resetting pool. Each statement is counted once per pool in <see cref="EngineMetrics.StatementsInstrument"/>.
/// </summary>
internal sealed partial class PostgresDatabaseConnection
{
    /// <summary>The shared pool <paramref name="statement"/> runs on, or null for the dedicated one; counts the statement either way.</summary>
    private ISharedStatementPool? SharedPoolFor(Statement statement, PreparedStatement prepared)
    {
        var pool = shared is not null && !prepared.ReadOnly && SharedPoolStatements.CanShare(prepared.Sql, statement.Tier) ? shared : null;
        metrics?.Statement(engineKind, pool is not null);
        return pool;
    }

    private async Task<QueryResult> SharedQueryAsync(ISharedStatementPool pool, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        try
        {
            return await pool.QueryAsync(prepared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task<ExecResult> SharedExecAsync(ISharedStatementPool pool, PreparedStatement prepared, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed != 0, this);
        try
        {
            return await pool.ExecAsync(prepared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } mapped)
        {
            throw mapped;
        }
    }
}
