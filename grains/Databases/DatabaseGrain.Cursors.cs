using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Closing paged-query cursors: one at a time (its gate held by the caller), all of them (hibernation, drop), and the
/// sweep that closes those left idle or older than the query timeout. Closing never throws: a failure is logged and
/// the cursor is let go.
/// </summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>Cursors closed by a timeout, kept so their next read is told why (a few hundred ids at most).</summary>
    private readonly ConcurrentDictionary<string, string> _expired = new(StringComparer.Ordinal);
    private IGrainTimer? _cursorSweep;

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
        return this.RegisterGrainTimer(
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
            new GrainTimerCreationOptions(period, period) { Interleave = true, KeepAlive = false });
    }
}
