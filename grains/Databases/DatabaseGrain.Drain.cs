namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The statement gate and what closes it: statements of different sessions run concurrently, so an exclusive operation
/// (switch cut-over, change-capture stop, drop, deactivation) closes the grain's <see cref="StatementGate"/>, waits up to
/// <c>DynamicDb:Databases:TransactionDrainTimeout</c> for statements in flight and open transactions to end (their
/// commits and rollbacks pass the gate), rolls back the transactions still open, and opens the gate when done. Also the
/// idle watch of open transactions.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private readonly StatementGate _gate = new();
    private IGrainTimer? _transactionTimer;
    private TimeSpan _transactionCheckPeriod;

    /// <summary>
    /// Closes the gate and drains it for <paramref name="operation"/>; the transactions still open after the bound are
    /// rolled back, failing with <c>transaction.aborted</c> and <paramref name="why"/>. Open the gate with <see cref="StatementGate.Open"/>.
    /// </summary>
    private async Task CloseGateAsync(string operation, string why)
    {
        var started = time.GetTimestamp();
        var bound = _options.TransactionDrainTimeout;
        await _gate.CloseAsync(bound, time);
        if (_transactions.Count > 0)
        {
            _noTransactions ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var left = bound - time.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                using var timeout = new CancellationTokenSource(left, time);
                await Task.WhenAny(_noTransactions.Task, Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, timeout.Token));
            }
        }

        var aborted = _transactions.Count;
        await AbortTransactionsAsync(operation, why);
        var drained = await _gate.DrainedAsync(bound, time);
        LogGateDrained(_name.FullName, operation, _gate.InFlight, aborted, drained, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Checks idle transactions at least as often as a quarter of <paramref name="idleTimeout"/> (1 s at most, 50 ms at least).</summary>
    private void WatchTransactionsIdle(TimeSpan idleTimeout)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        if (_transactionTimer is not null && period >= _transactionCheckPeriod)
        {
            return;
        }

        _transactionCheckPeriod = period;
        _transactionTimer ??= this.RegisterGrainTimer(
            CheckTransactionsIdleAsync,
            new GrainTimerCreationOptions(period, period) { Interleave = true, KeepAlive = false });
        _transactionTimer.Change(period, period);
    }

    /// <summary>Rolls back the transactions idle past their timeout (a transaction whose statement runs is not idle).</summary>
    private async Task CheckTransactionsIdleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var transaction in _transactions.Values.ToArray())
        {
            var idle = now - transaction.LastStatementAt;
            if (transaction.Running is null && idle >= transaction.IdleTimeout)
            {
                var setting = transaction.IdleTimeout == _options.TransactionIdleTimeout
                    ? $"setting {DatabaseOptions.SectionName}:TransactionIdleTimeout"
                    : "the idle timeout it was opened with";
                await EndTransactionAsync(transaction, "idle",
                    $"Transaction '{transaction.Id}' of database '{_name.Database}' was rolled back after {transaction.IdleTimeout.TotalSeconds:0.###} s idle ({setting}). Nothing it wrote was kept; run it again.");
            }
        }
    }
}
