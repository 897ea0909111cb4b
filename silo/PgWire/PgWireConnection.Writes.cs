using System.Runtime.CompilerServices;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Statements that change data or schema: in the open transaction when there is one, else on their own; on SQLite with
/// the PostgreSQL-only statements pgbench sends translated (<see cref="SqliteDialect"/>); writes with RETURNING in a
/// transaction (the client's, or one of their own) so their rows come back.
/// </summary>
internal sealed partial class PgWireConnection
{
    /// <summary>Runs a statement that returns no rows and answers its command tag.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string> ExecAsync(PgStatement statement, object?[] args, CancellationToken stopping)
    {
        IReadOnlyList<string>? translated = null;
        if (SqliteDialect.Applies(statement.Keywords)
            && await _services.EngineKinds.KindAsync(_database, stopping).ConfigureAwait(false) == EngineKinds.Sqlite)
        {
            translated = SqliteDialect.Translate(statement.Text);
        }

        if (translated is null)
        {
            var result = await ExecOneAsync(SessionStatement(statement.Translation.Sql, args), stopping).ConfigureAwait(false);
            return statement.Tag(result);
        }

        long rows = 0;
        if (_transactionId is null && translated.Count > 1)
        {
            // One statement for the client: all of it or nothing.
            var results = await CallAsync(ct => _grain.TransactionAsync([.. translated.Select(s => ForSession(new Statement(s, [])))], ct), stopping).ConfigureAwait(false);
            rows = results.Sum(r => r.RowsAffected);
        }
        else
        {
            foreach (var sql in translated)
            {
                rows += await ExecOneAsync(ForSession(new Statement(sql, [])), stopping).ConfigureAwait(false);
            }
        }

        return statement.Keywords.StartsWith("TRUNCATE", StringComparison.Ordinal) ? "TRUNCATE TABLE" : statement.Tag(rows);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> ExecOneAsync(Statement statement, CancellationToken stopping)
    {
        var result = await ExecCallAsync(statement, stopping).ConfigureAwait(false);
        return result.RowsAffected;
    }

    /// <summary>
    /// A write with RETURNING: the grain's reads may not write, so it runs as a query inside a transaction — the open one,
    /// or one opened and committed around it.
    /// </summary>
    private async Task<QueryResult> WriteReturningAsync(Statement statement, CancellationToken stopping)
    {
        if (_transactionId is { } open)
        {
            return await CallAsync(ct => _grain.QueryInTransactionAsync(open, statement, ct), stopping).ConfigureAwait(false);
        }

        var transaction = await CallAsync(ct => _grain.BeginTransactionAsync(new TransactionOptions(TransactionSessionId, _readOnly) { Tier = SessionTier }, ct), stopping).ConfigureAwait(false);
        var committed = false;
        try
        {
            var result = await CallAsync(ct => _grain.QueryInTransactionAsync(transaction.Id, statement, ct), stopping).ConfigureAwait(false);
            await CallAsync(ct => Done(_grain.CommitTransactionAsync(transaction.Id, ct)), stopping).ConfigureAwait(false);
            committed = true;
            return result;
        }
        finally
        {
            if (!committed)
            {
                await RollbackQuietlyAsync(transaction.Id).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Rolls back a transaction the frontend opened for one statement after that statement failed.</summary>
    private async Task RollbackQuietlyAsync(string transactionId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _grain.RollbackTransactionAsync(transactionId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStatementError(e))
        {
            // The statement's own error is what the client sees; the grain ends the transaction after its idle timeout.
            _ = e;
        }
    }
}
