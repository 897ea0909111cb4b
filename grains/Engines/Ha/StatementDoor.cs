using System.Diagnostics;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// The one door every statement of a <c>postgres-ha</c> engine passes (<see cref="HaDatabaseConnection"/>): it counts the
/// statements in flight and, during a planned switchover, holds new ones (they wait, bounded, instead of failing) until the
/// switchover releases them to whichever primary serves then.
/// </summary>
internal sealed class StatementDoor(string engineId)
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource? _held;
    private TaskCompletionSource? _drained;

    /// <summary>Statements running now.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>True while new statements are held.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_lock)
            {
                return _held is not null;
            }
        }
    }

    /// <summary>
    /// Lets a statement in (counted until its pass is disposed); while the door is held it waits for the release, at most
    /// <paramref name="bound"/>, then fails with <c>engine.unavailable</c> (transient).
    /// </summary>
    public async ValueTask<Pass> EnterAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_held is null)
                {
                    _inFlight++;
                    return new Pass(this);
                }

                wait = _held.Task;
            }

            var left = bound - Stopwatch.GetElapsedTime(started);
            try
            {
                await wait.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new DynamicDbException(ErrorCodes.EngineUnavailable,
                    $"Engine '{engineId}' held the statement for {bound.TotalMilliseconds} ms while switching its primary over, and the switchover has not finished; retry shortly.",
                    isTransient: true);
            }
        }
    }

    /// <summary>
    /// Holds new statements and waits until those in flight have finished, at most <paramref name="bound"/>: true when
    /// none is left. The door stays held either way until <see cref="Release"/>.
    /// </summary>
    public async Task<bool> HoldAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
        {
            if (_held is not null)
            {
                throw new InvalidOperationException($"Engine '{engineId}': the statement door is held already.");
            }

            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                return true;
            }

            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        try
        {
            await drained.WaitAsync(bound, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Opens the door: the held statements go on (to the route of the group as it is now).</summary>
    public void Release()
    {
        TaskCompletionSource? held;
        lock (_lock)
        {
            held = _held;
            _held = null;
            _drained = null;
        }

        held?.TrySetResult();
    }

    private void Leave()
    {
        lock (_lock)
        {
            _inFlight--;
            if (_inFlight == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>A statement inside the door; disposing it lets it out.</summary>
    public readonly struct Pass(StatementDoor door) : IDisposable
    {
        public void Dispose() => door?.Leave();
    }
}
