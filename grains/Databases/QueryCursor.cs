using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// One open paged query: an engine cursor and what has been read from it, with the caps of the whole result. A page read
/// asks the engine for one row more than the caps allow, so reaching a cap exactly is told apart from going past it.
/// Reads of one cursor are serialised by <see cref="Gate"/>.
/// </summary>
internal sealed class QueryCursor(string id, IRowCursor cursor, QueryPaging paging, DateTimeOffset opened) : IAsyncDisposable
{
    private int _disposed;

    public string Id { get; } = id;

    public DateTimeOffset Opened { get; } = opened;

    /// <summary>When a page was last read; the idle timeout counts from here.</summary>
    public DateTimeOffset LastRead { get; private set; } = opened;

    /// <summary>Held while a page is read (and while the cursor is closed), so two reads never meet.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The rows answered so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The estimated bytes answered so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The cap that cut the result (<c>rows</c> or <c>bytes</c>), or null while it is not truncated.</summary>
    public string? TruncatedBy { get; private set; }

    /// <summary>
    /// The limits of the first page's engine read, for <see cref="IDatabaseConnection.OpenCursorAsync(Statement, RowBatchLimits?, CancellationToken)"/>
    /// to read it in the same engine call as the start of the statement; the first <see cref="ReadPageAsync"/> asks for
    /// the same.
    /// </summary>
    public static RowBatchLimits FirstBatch(QueryPaging paging) => BatchLimits(paging, rows: 0, bytes: 0);

    /// <summary>Reads the next page; when it is the last one (end of rows or a cap reached) the caller closes the cursor.</summary>
    public async Task<(QueryPage Page, bool Last)> ReadPageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        LastRead = now;
        var limits = BatchLimits(paging, Rows, Bytes);
        var batch = await cursor.ReadAsync(limits.MaxRows, limits.MaxBytes, cancellationToken);

        var kept = new List<IReadOnlyList<object?>>(batch.Rows.Count);
        var truncated = false;
        foreach (var row in batch.Rows)
        {
            var size = RowSize.Of(row);
            if (Rows + 1 > paging.MaxRows || Bytes + size > paging.MaxBytes)
            {
                truncated = true;
                TruncatedBy = Rows + 1 > paging.MaxRows ? "rows" : "bytes";
                break;
            }

            kept.Add(row);
            Rows++;
            Bytes += size;
        }

        var last = truncated || batch.Completed;
        return (new QueryPage(cursor.Columns, kept, last ? null : Id, truncated), last);
    }

    /// <summary>A page's engine read: the page size, and one row (one byte) past what the caps leave, to see a cap passed.</summary>
    private static RowBatchLimits BatchLimits(QueryPaging paging, long rows, long bytes) => new(
        (int)Math.Min(paging.PageRows, paging.MaxRows - rows + 1),
        Math.Min(paging.PageBytes, paging.MaxBytes - bytes + 1));

    /// <summary>Ends the statement (idempotent); failures are the engine's.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await cursor.DisposeAsync();
        }
    }
}
