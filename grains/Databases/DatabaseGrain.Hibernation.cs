using Orleans.DynamicDb.Errors;
using Orleans.Runtime;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Per-database hibernation on Orleans. Orleans collects idle activations by grain class (<see cref="CollectionAgeLimitAttribute"/>),
/// but every database may have its own idle timeout, so the grain keeps its own: it notes when each call starts and
/// ends (it filters its own calls), and a non-keep-alive grain timer, due when the database would have been idle for its
/// timeout, calls <see cref="Grain.DeactivateOnIdle"/>. The timer does not interleave with calls, so it never fires in the
/// middle of one. Databases whose timeout is longer than the class ceiling (<see cref="CollectionCeiling"/>), or zero
/// (never hibernate), are kept alive with <see cref="Grain.DelayDeactivation"/> instead.
/// </summary>
internal sealed partial class DatabaseGrain : IIncomingGrainCallFilter
{
    /// <summary>
    /// Orleans' collection age of the class: the most an idle database stays awake when nothing else decides. Matches
    /// <see cref="CollectionAgeLimitAttribute"/> on the class.
    /// </summary>
    internal static readonly TimeSpan CollectionCeiling = TimeSpan.FromHours(2);

    private TimeSpan _hibernationTimeout;
    private IGrainTimer? _hibernationTimer;
    private int _callsRunning;

    /// <summary>
    /// Notes the start and end of every call of <see cref="IDatabaseGrain"/>, so idleness is measured from the last call to finish. A
    /// <see cref="DynamicDbException"/> leaves the grain without its inner exception: that is the engine driver's own
    /// (e.g. Npgsql's), which callers cannot deserialize and need not see; its message is already in the error's.
    /// </summary>
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method?.DeclaringType != typeof(IDatabaseGrain) || method.Name is nameof(GetLoadAsync) or nameof(GetActivityAsync) or nameof(ExecAsync) or nameof(QueryAsync))
        {
            // Orleans runs the grain's timer ticks through this filter too: they are not calls of a client; nor is a policy
            // asking for the load. ExecAsync and QueryAsync, the hot path, do the same bookkeeping themselves
            // (DatabaseGrain.Statements.cs), without a frame here.
            return context.Invoke();
        }

        return InvokeCountedAsync(context);
    }

    private async Task InvokeCountedAsync(IIncomingGrainCallContext context)
    {
        _callsRunning++;
        _lastCall = time.GetUtcNow();
        try
        {
            await context.Invoke();
        }
        catch (DynamicDbException e) when (e.InnerException is not null)
        {
            throw new DynamicDbException(e.ErrorCode, e.Message, e.IsTransient) { SqlState = e.SqlState };
        }
        finally
        {
            _callsRunning--;
            _lastCall = time.GetUtcNow();
        }
    }

    /// <summary>Sets the idle timeout (its own, else the configured default; zero: never) and schedules the first check.</summary>
    private void ApplyHibernationTimeout(TimeSpan? own)
    {
        _hibernationTimeout = own ?? _options.HibernationTimeout;
        _hibernationTimer ??= this.RegisterGrainTimer(
            CheckIdleAsync,
            new GrainTimerCreationOptions(System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = false });
        ScheduleIdleCheck(_hibernationTimeout == TimeSpan.Zero ? CollectionCeiling : _hibernationTimeout - (time.GetUtcNow() - _lastCall));
    }

    /// <summary>Hibernates when the database has been idle for its timeout; otherwise checks again when it would have been.</summary>
    private Task CheckIdleAsync(CancellationToken cancellationToken)
    {
        if (_hibernationTimeout == TimeSpan.Zero)
        {
            ScheduleIdleCheck(CollectionCeiling);
            return Task.CompletedTask;
        }

        var idle = time.GetUtcNow() - _lastCall;
        if (_callsRunning == 0 && idle >= _hibernationTimeout && _switch is null && _transactions.Count == 0)
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        ScheduleIdleCheck(_callsRunning > 0 || _transactions.Count > 0 ? _hibernationTimeout : _hibernationTimeout - idle);
        return Task.CompletedTask;
    }

    /// <summary>Arms the check <paramref name="wait"/> from now; waits past half the class ceiling also delay Orleans' own collection.</summary>
    private void ScheduleIdleCheck(TimeSpan wait)
    {
        var half = CollectionCeiling / 2;
        if (wait > half)
        {
            DelayDeactivation(CollectionCeiling);
            wait = half;
        }

        // A finite period: Orleans keeps a timer whose period is infinite only until its callback returns.
        var due = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
        _hibernationTimer!.Change(due, _hibernationTimeout > TimeSpan.Zero && _hibernationTimeout < half ? _hibernationTimeout : half);
    }
}
