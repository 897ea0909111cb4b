using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// Watches one backend while its commit runs: once <see cref="FailoverOptions.SyncStandbyTimeout"/> has passed it asks
/// <c>pg_stat_activity</c> (on another pooled connection) every poll interval whether the backend waits for synchronous
/// replication (<c>wait_event = 'SyncRep'</c>) and, when it does, cancels the commit's token so Npgsql sends PostgreSQL a
/// cancel request. A long statement that is not waiting for a standby is left alone. Costs one timer per write.
/// </summary>
internal sealed class SyncRepWatch : IAsyncDisposable
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _pid;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _commit;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _cancelled;

    private SyncRepWatch(NpgsqlDataSource dataSource, int pid, WriteSafety safety, CancellationTokenSource commit)
    {
        _dataSource = dataSource;
        _pid = pid;
        _timeout = safety.Options.SyncStandbyTimeout;
        _time = safety.Time;
        _commit = commit;
        _loop = LoopAsync(); // returns at its first wait (the bound), so no thread is taken
    }

    /// <summary>True once the watch cancelled the commit because it waited for a standby.</summary>
    public bool Cancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>The bound it enforces.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>Starts watching backend <paramref name="pid"/>; null when the bound is off (zero).</summary>
    public static SyncRepWatch? Start(NpgsqlDataSource dataSource, int pid, WriteSafety safety, CancellationTokenSource commit) =>
        safety.Options.SyncStandbyTimeout <= TimeSpan.Zero ? null : new SyncRepWatch(dataSource, pid, safety, commit);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var poll = _timeout < MaxPoll ? _timeout : MaxPoll;
        await Task.Delay(_timeout, _time, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!_stop.IsCancellationRequested)
        {
            if (await WaitsForStandbyAsync().ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _cancelled, 1);
                await _commit.CancelAsync().ConfigureAwait(false);
                return;
            }

            await Task.Delay(poll, _time, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> WaitsForStandbyAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT wait_event FROM pg_stat_activity WHERE pid = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = _pid });
            return await command.ExecuteScalarAsync(_stop.Token).ConfigureAwait(false) is "SyncRep";
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The server cannot be asked (it is going away, or the pool is full): the commit's own failure will tell.
            return false;
        }
    }
}
