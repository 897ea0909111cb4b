using System.Collections.Concurrent;
using System.Security.Cryptography;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Paged queries: open cursors are kept here between pages, capped across pages, closed when idle, too old, or when
/// the database hibernates or is dropped. Page calls are read-only (they interleave), so the table is concurrent and
/// each cursor serialises its own reads.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private const string IdleReason = "idle";
    private const string TimeoutReason = "timeout";

    private readonly ConcurrentDictionary<string, QueryCursor> _cursors = new(StringComparer.Ordinal);

    public Task<QueryPage> QueryPageAsync(Statement statement, QueryPaging paging, CancellationToken cancellationToken) =>
        Traced("query_page", () => QueryPageCoreAsync(statement, paging, cancellationToken));

    public Task<QueryPage> NextPageAsync(string cursor, CancellationToken cancellationToken) =>
        Traced("next_page", () => NextPageCoreAsync(cursor, cancellationToken));

    private async Task<QueryPage> QueryPageCoreAsync(Statement statement, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Check(paging);
        await SweepCursorsAsync();
        var connection = await ConnectionAsync(cancellationToken);
        using var admitted = await AdmitAsync(statement.Tier, cancellationToken);
        var started = time.GetUtcNow();
        using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
        var opened = await WithTimeout(OnEngine("open_cursor", () => connection.OpenCursorAsync(statement, QueryCursor.FirstBatch(paging), timeout.Token)), _options.QueryTimeout, "QueryTimeout", cancellationToken);
        var cursor = new QueryCursor(NewCursorId(), opened, paging, started);
        metrics.CursorOpened();
        await cursor.Gate.WaitAsync(CancellationToken.None);
        try
        {
            _cursors[cursor.Id] = cursor;
            return await ReadPageAsync(cursor, timeout.Token, cancellationToken);
        }
        finally
        {
            cursor.Gate.Release();
            StartCursorSweep();
        }
    }

    private async Task<QueryPage> NextPageCoreAsync(string cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        _lastCall = time.GetUtcNow();
        await SweepCursorsAsync();
        if (!_cursors.TryGetValue(cursor, out var open))
        {
            throw NotOpen(cursor);
        }

        await open.Gate.WaitAsync(cancellationToken);
        try
        {
            var left = _options.QueryTimeout - (time.GetUtcNow() - open.Opened);
            if (left <= TimeSpan.Zero)
            {
                await CloseCursorCoreAsync(open, TimeoutReason);
            }

            if (!_cursors.ContainsKey(cursor))
            {
                throw NotOpen(cursor);
            }

            using var timeout = Timeout(left, cancellationToken);
            return await ReadPageAsync(open, timeout.Token, cancellationToken);
        }
        finally
        {
            open.Gate.Release();
        }
    }

    public async Task CloseCursorAsync(string cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        if (_cursors.TryGetValue(cursor, out var open))
        {
            await open.Gate.WaitAsync(cancellationToken);
            try
            {
                await CloseCursorCoreAsync(open, "closed");
            }
            finally
            {
                open.Gate.Release();
            }
        }
    }

    /// <summary>Reads a page of a cursor whose gate the caller holds; the last page, a failure or a timeout closes it.</summary>
    private async Task<QueryPage> ReadPageAsync(QueryCursor cursor, CancellationToken limit, CancellationToken callerToken)
    {
        try
        {
            var (page, last) = await OnEngine("read_page", () => cursor.ReadPageAsync(time.GetUtcNow(), limit));
            if (last)
            {
                if (cursor.TruncatedBy is { } cap)
                {
                    metrics.Truncated(cap);
                }

                await CloseCursorCoreAsync(cursor, page.Truncated ? "truncated" : "completed");
            }

            return page;
        }
        catch (Exception e)
        {
            // A read the caller gave up on (the client went away) ends the cursor as closed by the caller.
            var cancelledByCaller = e is OperationCanceledException && callerToken.IsCancellationRequested;
            await CloseCursorCoreAsync(cursor, cancelledByCaller ? "closed" : "failed");
            if (e is OperationCanceledException && !callerToken.IsCancellationRequested)
            {
                throw QueryTimedOut();
            }

            throw;
        }
    }

    private void Check(QueryPaging paging)
    {
        ArgumentNullException.ThrowIfNull(paging);
        if (paging.MaxRows < 1 || paging.MaxBytes < 1 || paging.PageRows < 1 || paging.PageBytes < 1)
        {
            throw new DynamicDbException(ErrorCodes.RequestInvalid, $"The paging of a query on '{_name.Database}' must have positive caps and page sizes; it is {paging}.");
        }
    }

    /// <summary>128 random bits: an id nobody can guess, even knowing other ids.</summary>
    private static string NewCursorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The error for a cursor that is not open: a timeout when it expired for its age, else <c>request.invalid</c> saying why it may be gone.</summary>
    private DynamicDbException NotOpen(string cursor)
    {
        if (_expired.TryRemove(cursor, out var reason) && reason == TimeoutReason)
        {
            return QueryTimedOut();
        }

        var shown = cursor.Length > 40 ? cursor[..40] + "..." : cursor;
        return new DynamicDbException(
            ErrorCodes.RequestInvalid,
            reason == IdleReason
                ? $"The cursor '{shown}' of database '{_name.Database}' was closed: it was left unread for {_options.CursorIdleTimeout.TotalSeconds:0.###} s ({DatabaseOptions.SectionName}:CursorIdleTimeout). Run the query again."
                : $"The cursor '{shown}' of database '{_name.Database}' is not open: it was read to the end, closed, left unread for " +
                  $"{_options.CursorIdleTimeout.TotalSeconds:0.###} s ({DatabaseOptions.SectionName}:CursorIdleTimeout) or closed when the database hibernated or was dropped. Run the query again.");
    }

    private DynamicDbException QueryTimedOut() => new(
        ErrorCodes.SqlTimeout,
        $"Database '{_name.Database}' did not answer within {_options.QueryTimeout.TotalSeconds:0.###} s (setting {DatabaseOptions.SectionName}:QueryTimeout).",
        isTransient: true);
}
