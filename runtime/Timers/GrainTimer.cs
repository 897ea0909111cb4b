using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime.Timers;

/// <summary>
/// A grain timer: each tick is queued on its activation as a request (so it waits its turn unless it interleaves),
/// and the next tick is scheduled only after the callback has finished, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly GrainTimerCreationOptions _options;
    private TimeSpan _dueTime;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        Validate(options.DueTime, nameof(options.DueTime));
        Validate(options.Period, nameof(options.Period));
        _activation = activation;
        _callback = callback;
        _state = state;
        _options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnFire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal bool IsDisposed => _disposed.IsCancellationRequested;

    internal bool Interleave => _options.Interleave;

    internal bool KeepAlive => _options.KeepAlive;

    internal ActivationData Activation => _activation;

    public void Start() => _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _dueTime = dueTime;
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal Task InvokeCallback() => _callback(_state, _disposed.Token);

    /// <summary>Called when a tick's callback has finished: schedules the next one.</summary>
    internal void OnTickCompleted()
    {
        if (!IsDisposed && _period != Timeout.InfiniteTimeSpan)
        {
            try
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void OnFire()
    {
        if (IsDisposed || !_activation.TryEnqueue(new TimerTickRequest(this)))
        {
            Dispose();
        }
    }

    private static void Validate(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Timer {name} must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
    }
}
