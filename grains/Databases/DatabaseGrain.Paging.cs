using System.Collections.Concurrent;
using System.Security.Cryptography;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Runtime;

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

    /// <summary>Cursors closed by a timeout, kept so their next read is told why (a few hundred ids at most).</summary>
    private readonly ConcurrentDictionary<string, string> _expired = new(StringComparer.Ordinal);
    private IGrainTimer? _cursorSweep;

    public async Task<QueryPage> QueryPageAsync(Statement statement, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Check(paging);
        await SweepCursorsAsync();
        var connection = await ConnectionAsync(cancellationToken);
        var started = time.GetUtcNow();
        using var timeout = Timeout(_options.QueryTimeout, cancellationToken);
        var opened = await WithTimeout(connection.OpenCursorAsync(statement, timeout.Token), _options.QueryTimeout, "QueryTimeout", cancellationToken);
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

    public async Task<QueryPage> NextPageAsync(string cursor, CancellationToken cancellationToken)
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
            var (page, last) = await cursor.ReadPageAsync(time.GetUtcNow(), limit);
            if (last)
            {
                await CloseCursorCoreAsync(cursor, page.Truncated ? "truncated" : "completed");
            }

            return page;
        }
        catch (Exception e)
        {
            await CloseCursorCoreAsync(cursor, "failed");
            if (e is OperationCanceledException && !callerToken.IsCancellationRequested)
            {
                throw QueryTimedOut();
            }

            throw;
        }
    }

    /// <summary>
    /// Removes and closes a cursor whose gate the caller holds; a failure to close is logged, never thrown (the cursor is
    /// gone either way). A cursor already removed is left alone.
    /// </summary>
    private async Task CloseCursorCoreAsync(QueryCursor cursor, string reason)
    {
        if (!_cursors.TryRemove(new KeyValuePair<string, QueryCursor>(cursor.Id, cursor)))
        {
            return;
        }

        metrics.CursorClosed(reason);

        if (reason is IdleReason or TimeoutReason)
        {
            if (_expired.Count >= 256)
            {
                _expired.Clear();
            }

            _expired[cursor.Id] = reason;
        }

        await DisposeCursorAsync(cursor, reason);
    }

    private async Task DisposeCursorAsync(QueryCursor cursor, string reason)
    {
        try
        {
            await cursor.DisposeAsync();
            LogCursorClosed(_name.FullName, reason, cursor.Rows, cursor.Bytes);
        }
        catch (Exception e)
        {
            LogCursorCloseFailed(_name.FullName, reason, e);
        }
    }

    /// <summary>Closes every cursor (hibernation, drop); waits for a page being read to finish, never fails.</summary>
    private async Task CloseAllCursorsAsync(string reason)
    {
        foreach (var cursor in _cursors.Values)
        {
            await cursor.Gate.WaitAsync(CancellationToken.None);
            try
            {
                await CloseCursorCoreAsync(cursor, reason);
            }
            finally
            {
                cursor.Gate.Release();
            }
        }

        lock (_cursors)
        {
            _cursorSweep?.Dispose();
            _cursorSweep = null;
        }
    }

    /// <summary>Closes cursors left unread past the idle timeout or older than the query timeout; skips one being read.</summary>
    private async Task SweepCursorsAsync()
    {
        var now = time.GetUtcNow();
        foreach (var cursor in _cursors.Values)
        {
            var idle = now - cursor.LastRead >= _options.CursorIdleTimeout;
            var old = now - cursor.Opened >= _options.QueryTimeout;
            if ((idle || old) && cursor.Gate.Wait(0))
            {
                try
                {
                    await CloseCursorCoreAsync(cursor, old ? TimeoutReason : IdleReason);
                }
                finally
                {
                    cursor.Gate.Release();
                }
            }
        }
    }

    /// <summary>A timer that sweeps while cursors are open (it does not keep the database awake).</summary>
    private void StartCursorSweep()
    {
        lock (_cursors)
        {
            if (_cursorSweep is null && !_cursors.IsEmpty)
            {
                _cursorSweep = RegisterCursorSweep();
            }
        }
    }

    private IGrainTimer RegisterCursorSweep()
    {
        var period = _options.CursorIdleTimeout / 2 < TimeSpan.FromSeconds(1) ? _options.CursorIdleTimeout / 2 : TimeSpan.FromSeconds(1);
        return RegisterGrainTimer(
            async _ =>
            {
                await SweepCursorsAsync();
                lock (_cursors)
                {
                    if (_cursors.IsEmpty)
                    {
                        _cursorSweep?.Dispose();
                        _cursorSweep = null;
                    }
                }
            },
            new GrainTimerCreationOptions(period, period) { Interleave = true });
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
