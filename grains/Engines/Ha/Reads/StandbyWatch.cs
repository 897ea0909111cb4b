using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// The lag poll of one <c>postgres-ha</c> engine: every <see cref="TierRoutingOptions.LagPollInterval"/> it reads the
/// primary's <c>pg_current_wal_lsn()</c>, then each standby's <c>pg_is_in_recovery()</c> and
/// <c>pg_last_wal_replay_lsn()</c>, and turns the replayed position into a lag in time (<see cref="PrimaryWalHistory"/>).
/// A standby qualifies for reads when it answered, is in recovery, is a standby in the group's layout and lags at most
/// <see cref="TierRoutingOptions.MaxStandbyLag"/>; one whose read failed is skipped until the next poll that finds it fine.
/// Polls use a small superuser pool per member (database <c>postgres</c>).
/// </summary>
internal sealed class StandbyWatch(IReplicationGroup group, TierRoutingOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failed = new(StringComparer.Ordinal);
    private readonly PrimaryWalHistory _history = new(Horizon(options));
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<StandbyState> _standbys = [];
    private string? _historyOf;
    private Task? _loop;

    /// <summary>Every standby as the last poll saw it (members skipped since a failed read count as not qualified).</summary>
    public IReadOnlyList<StandbyState> Standbys => Volatile.Read(ref _standbys);

    /// <summary>True while at least one standby qualifies.</summary>
    public bool AnyQualified => Standbys.Any(s => s.Qualified && !_failed.ContainsKey(s.Member));

    /// <summary>True when <paramref name="standby"/> qualifies now (as polled, and not skipped since a failed read).</summary>
    public bool Qualifies(StandbyState standby) => standby.Qualified && !_failed.ContainsKey(standby.Member);

    /// <summary>Starts polling in the background.</summary>
    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Skips <paramref name="member"/> until the next poll finds it fine (a read on it failed).</summary>
    public void MarkFailed(string member) => _failed[member] = 0;

    /// <summary>The primary's current WAL position as a byte offset (what a session's write reached at most).</summary>
    public async Task<long> PrimaryLsnAsync(string primary, CancellationToken cancellationToken) =>
        await ScalarAsync<long>(primary, $"SELECT {MemberSql.Bytes("pg_current_wal_lsn()")}", cancellationToken).ConfigureAwait(false);

    /// <summary>One poll: the primary's position, then every standby's; replaces <see cref="Standbys"/>.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        if (!group.IsAtRest)
        {
            Volatile.Write(ref _standbys, []);
            return;
        }

        var primary = group.Primary;
        if (_historyOf != primary)
        {
            _history.Clear();
            _historyOf = primary;
        }

        _history.Add(time.GetUtcNow().UtcTicks, await PrimaryLsnAsync(primary, cancellationToken).ConfigureAwait(false));
        var standbys = group.Members.Where(m => m != primary && group.RoleOf(m) == MemberRole.Standby).ToList();
        var states = await Task.WhenAll(standbys.Select(m => ObserveAsync(m, cancellationToken))).ConfigureAwait(false);
        var before = Standbys.ToDictionary(s => s.Member, StringComparer.Ordinal);
        foreach (var state in states)
        {
            if (state.Qualified)
            {
                _failed.TryRemove(state.Member, out _);
            }

            var was = before.GetValueOrDefault(state.Member);
            if (state.Qualified && was?.Qualified != true)
            {
                ReadRoutingLog.Qualified(logger, group.Name, state.Member, Milliseconds(state.Lag));
            }
            else if (!state.Qualified && was?.Qualified == true)
            {
                ReadRoutingLog.Disqualified(logger, group.Name, state.Member, state.Why!, Milliseconds(state.Lag));
            }
        }

        Volatile.Write(ref _standbys, states);
    }

    private async Task<StandbyState> ObserveAsync(string member, CancellationToken cancellationToken)
    {
        bool inRecovery;
        long? replayed;
        try
        {
            var pool = Pool(member);
            var connection = await pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = new NpgsqlCommand($"SELECT pg_is_in_recovery(), {MemberSql.Bytes("pg_last_wal_replay_lsn()")}", connection);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        inRecovery = reader.GetBoolean(0);
                        replayed = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                    }
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new StandbyState(member, null, PrimaryWalHistory.Unknown, false, "unreachable");
        }

        if (!inRecovery || replayed is null)
        {
            return new StandbyState(member, replayed, PrimaryWalHistory.Unknown, false, "not_in_recovery");
        }

        var lag = _history.LagOf(replayed.Value, time.GetUtcNow().UtcTicks);
        var qualified = lag <= options.MaxStandbyLag;
        return new StandbyState(member, replayed, lag, qualified, qualified ? null : "lagging");
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(options.LagPollInterval, time);
        do
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                bounded.CancelAfter(Max(options.MaxStandbyLag, TimeSpan.FromSeconds(2)));
                await PollAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                // The primary did not answer: nothing can be measured, so no standby qualifies until it does.
                Volatile.Write(ref _standbys, []);
                ReadRoutingLog.PollFailed(logger, e, group.Name);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (await WaitAsync(timer).ConfigureAwait(false));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<T> ScalarAsync<T>(string member, string sql, CancellationToken cancellationToken)
    {
        var connection = await Pool(member).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }
    }

    private NpgsqlDataSource Pool(string member) => _pools.GetOrAdd(member, m => NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(group.ConnectionString(m))
        {
            Pooling = true,
            MaxPoolSize = 16,
            Timeout = 2,
            CommandTimeout = 2,
            ApplicationName = "Orleans.DynamicDb lag poll",
        }.ConnectionString));

    private static TimeSpan Horizon(TierRoutingOptions options) => options.MaxStandbyLag * 4 + options.LagPollInterval * 4;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double Milliseconds(TimeSpan lag) => lag == PrimaryWalHistory.Unknown ? -1 : Math.Round(lag.TotalMilliseconds, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        foreach (var pool in _pools.Values)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }

        _pools.Clear();
        _stop.Dispose();
    }
}
