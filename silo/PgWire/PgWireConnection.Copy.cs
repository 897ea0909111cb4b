using System.Text;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// COPY FROM STDIN (text and CSV): the client's rows become batched parameterised INSERTs in the open transaction, or in
/// one of their own committed at CopyDone, so a COPY is all or nothing. COPY TO STDOUT answers a query's rows as CopyData.
/// </summary>
internal sealed partial class PgWireConnection
{
    private const int CopyBatchRows = 500;
    private const int CopyBatchArguments = 30_000;

    private async Task<string> CopyAsync(PgStatement statement, CancellationToken stopping)
    {
        var command = CopyCommand.Parse(statement.Text);
        return command.From
            ? await CopyFromAsync(command, stopping).ConfigureAwait(false)
            : await CopyToAsync(command, stopping).ConfigureAwait(false);
    }

    private async Task<string> CopyFromAsync(CopyCommand command, CancellationToken stopping)
    {
        if (_readOnly)
        {
            throw new PgWireException("25006", "cannot execute COPY FROM in a read-only transaction (the session's API key is read-only)");
        }

        var table = command.Table!;
        var own = _transactionId is null;
        var transaction = _transactionId
            ?? (await CallAsync(ct => _grain.BeginTransactionAsync(new TransactionOptions(TransactionSessionId) { Tier = SessionTier }, ct), stopping).ConfigureAwait(false)).Id;
        var committed = false;
        try
        {
            var names = command.Columns.Count > 0 ? command.Columns : await TableColumnsAsync(transaction, table, stopping).ConfigureAwait(false);
            var columns = command.Columns.Count > 0 ? command.Columns : [.. names.Select(c => $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")];
            _writer.Start((byte)'G');
            _writer.Byte(0);
            _writer.Int16((short)names.Count);
            for (var c = 0; c < names.Count; c++)
            {
                _writer.Int16(0);
            }

            _writer.End();
            await FlushAsync(stopping).ConfigureAwait(false);

            var rows = await ReadCopyDataAsync(new CopyInsert(transaction, table, columns), new CopyRowReader(command.Format, table, names, _services.Options.MaxMessageSize), stopping)
                .ConfigureAwait(false);
            if (own)
            {
                await CallAsync(ct => Done(_grain.CommitTransactionAsync(transaction, ct)), stopping).ConfigureAwait(false);
            }

            committed = true;
            LogCopyDone(_services.Logger, _app, _database.Database, table, rows);
            return $"COPY {rows}";
        }
        finally
        {
            if (own && !committed)
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads CopyData until CopyDone, inserting every full batch as it is complete; answers the rows copied.</summary>
    private async Task<long> ReadCopyDataAsync(CopyInsert insert, CopyRowReader reader, CancellationToken stopping)
    {
        var rows = new List<CopyRow>();
        var batch = Math.Max(1, Math.Min(CopyBatchRows, CopyBatchArguments / Math.Max(1, insert.Columns.Count)));
        long copied = 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        while (true)
        {
            if (_services.Options.IdleTimeout > TimeSpan.Zero)
            {
                idle.CancelAfter(_services.Options.IdleTimeout);
            }

            var (read, type) = await _reader.ReadAsync(startup: false, idle.Token).ConfigureAwait(false);
            if (!read)
            {
                throw new IOException("the client closed the connection during COPY FROM STDIN");
            }

            _services.Metrics.Message();
            _services.Metrics.Received(_reader.Length + 5);
            switch (type)
            {
                case (byte)'d':
                    reader.Feed(_reader.Payload, rows);
                    break;
                case (byte)'c':
                    reader.Finish(rows);
                    for (var start = 0; start < rows.Count; start += batch)
                    {
                        copied += await InsertRowsAsync(insert, rows.GetRange(start, Math.Min(batch, rows.Count - start)), stopping).ConfigureAwait(false);
                    }

                    return copied;
                case (byte)'f':
                    var reason = new PayloadReader(_reader.Payload, "CopyFail").CString();
                    throw new PgWireException(PgSqlState.QueryCanceled, $"COPY from stdin failed: {reason}");
                case (byte)'H' or (byte)'S':
                    // Flush and Sync mean nothing during COPY FROM STDIN (PostgreSQL ignores them too).
                    continue;
                default:
                    throw new PgWireException(PgSqlState.ProtocolViolation, $"unexpected message type 0x{type:X2} during COPY from stdin", fatal: true);
            }

            while (rows.Count >= batch)
            {
                copied += await InsertRowsAsync(insert, rows.GetRange(0, batch), stopping).ConfigureAwait(false);
                rows.RemoveRange(0, batch);
            }
        }
    }

    private async Task<long> InsertRowsAsync(CopyInsert insert, List<CopyRow> rows, CancellationToken stopping)
    {
        var sql = new StringBuilder(64 + (rows.Count * insert.Columns.Count * 3));
        sql.Append("INSERT INTO ").Append(insert.Table).Append(" (").AppendJoin(", ", insert.Columns).Append(") VALUES ");
        var args = new object?[rows.Count * insert.Columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < insert.Columns.Count; c++)
            {
                sql.Append(c == 0 ? "?" : ", ?");
                args[(r * insert.Columns.Count) + c] = rows[r].Values[c];
            }

            sql.Append(')');
        }

        try
        {
            var result = await CallAsync(ct => _grain.ExecInTransactionAsync(insert.Transaction, new Statement(sql.ToString(), args), ct), stopping).ConfigureAwait(false);
            return result.RowsAffected;
        }
        catch (Exception e) when (IsStatementError(e) && e is not PgWireException && e is not OperationCanceledException)
        {
            var (state, message) = PgErrors.From(e);
            var lines = rows.Count == 1 ? $"line {rows[0].Line}" : $"lines {rows[0].Line}–{rows[^1].Line}";
            throw new PgWireException(state, $"{message} (COPY {insert.Table}, {lines})");
        }
    }

    /// <summary>The table's columns, in order, from a query that returns none of its rows (a missing table fails here, before any data).</summary>
    private async Task<IReadOnlyList<string>> TableColumnsAsync(string transaction, string table, CancellationToken stopping)
    {
        var result = await CallAsync(ct => _grain.QueryInTransactionAsync(transaction, new Statement($"SELECT * FROM {table} LIMIT 0", []), ct), stopping).ConfigureAwait(false);
        return [.. result.Columns];
    }

    /// <summary>Where a COPY FROM STDIN inserts: the transaction, the table as written and its columns (quoted as needed).</summary>
    private sealed record CopyInsert(string Transaction, string Table, IReadOnlyList<string> Columns);
}
