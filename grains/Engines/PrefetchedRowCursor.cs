namespace Orleans.DynamicDb.Engines;

/// <summary>
/// A cursor whose first batch was read when its statement started (in the same engine call, e.g. one worker turn for
/// SQLite): the first reads answer from that batch, later reads go to the engine's cursor. A read asking for less than
/// the batch holds gets a part of it and the rest comes next, so the caps of <see cref="IRowCursor.ReadAsync"/> hold.
/// </summary>
internal sealed class PrefetchedRowCursor(IRowCursor cursor, RowBatch first, RowBatchLimits readWith) : IRowCursor
{
    private RowBatch? _pending = first;

    public IReadOnlyList<string> Columns => cursor.Columns;

    public Task<RowBatch> ReadAsync(int maxRows, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        if (_pending is not { } pending)
        {
            return cursor.ReadAsync(maxRows, maxBytes, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RowBatch>(cancellationToken);
        }

        if (maxRows >= readWith.MaxRows && maxBytes >= readWith.MaxBytes)
        {
            // the usual case: asked with (at least) the limits it was read with
            _pending = null;
            return Task.FromResult(pending);
        }

        var count = 0;
        long bytes = 0;
        while (count < pending.Rows.Count && count < maxRows && (count == 0 || bytes < maxBytes))
        {
            bytes += RowSize.Of(pending.Rows[count]);
            count++;
        }

        var rest = pending.Rows.Count - count;
        _pending = rest == 0 ? null : new RowBatch([.. pending.Rows.Skip(count)], pending.Bytes - bytes, pending.Completed);
        return Task.FromResult(new RowBatch([.. pending.Rows.Take(count)], bytes, pending.Completed && rest == 0));
    }

    public ValueTask DisposeAsync()
    {
        _pending = null;
        return cursor.DisposeAsync();
    }
}
