using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime.Timers;

/// <summary>One tick of a grain timer, queued as a request on the timer's activation.</summary>
internal sealed class TimerTickRequest(GrainTimer timer) : Request
{
    private ActivationData? _activation;

    public override bool IsAlwaysInterleave => timer.Interleave;

    public override bool IsReadOnly => false;

    public override bool CountsAsActivity => timer.KeepAlive;

    public override bool IsDone => timer.IsDisposed;

    public override string Describe(GrainId target) => $"timer tick on grain {target}";

    public override void Start(ActivationData activation, object grain)
    {
        _activation = activation;
        Task task;
        try
        {
            task = timer.InvokeCallback();
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        if (task.IsCompleted)
        {
            Finish(task);
        }
        else
        {
            task.ContinueWith(static (t, s) => ((TimerTickRequest)s!).Finish(t), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.FromCurrentSynchronizationContext());
        }
    }

    public override void Fail(Exception exception)
    {
    }

    private void Finish(Task task)
    {
        if (task.IsFaulted)
        {
            _activation!.Runtime.LogTimerFailed(_activation.GrainId, task.Exception!.GetBaseException());
        }

        _activation!.OnRequestCompleted(this);
        timer.OnTickCompleted();
    }
}
