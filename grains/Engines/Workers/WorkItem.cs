namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>
/// One operation handed to a <see cref="FairWorkerPool"/>: queued under its application, run at most once by a worker,
/// or dropped without running. Its state and queue position are guarded by the pool's lock.
/// </summary>
internal abstract class WorkItem(string app, CancellationToken cancellationToken)
{
    /// <summary>The application whose share the work counts against.</summary>
    public string App => app;

    /// <summary>The caller's token: cancelling it drops the work while it waits and interrupts it while it runs.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Where the work waits in its application's queue; null while not queued.</summary>
    public LinkedListNode<WorkItem>? Node { get; set; }

    /// <summary>True once a worker took it or it was dropped: it can no longer be dropped.</summary>
    public bool Settled { get; set; }

    /// <summary>Drops the work when the caller's token is cancelled while it waits; disposed when a worker takes it.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Runs the work on the current (worker) thread and completes the caller's task; never throws.</summary>
    /// <param name="stopped">The failure reported when the work ends because the pool stops.</param>
    /// <param name="stopping">Cancelled when the pool stops, which interrupts the work.</param>
    public abstract void Run(Func<Exception> stopped, CancellationToken stopping);

    /// <summary>Completes the caller's task as cancelled, without running the work.</summary>
    public abstract void Cancel();

    /// <summary>Completes the caller's task with a failure, without running the work.</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A <see cref="WorkItem"/> that returns a value to its caller.</summary>
internal sealed class WorkItem<T>(string app, Func<CancellationToken, T> work, CancellationToken cancellationToken)
    : WorkItem(app, cancellationToken)
{
    // Continuations run on the thread pool, never on the worker that completes the task.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the work has run, was dropped or failed.</summary>
    public Task<T> Task => _completion.Task;

    public override void Run(Func<Exception> stopped, CancellationToken stopping)
    {
        if (CancellationToken.IsCancellationRequested)
        {
            Cancel();
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, stopping);
            _completion.TrySetResult(work(linked.Token));
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            Cancel();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Fail(stopped());
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
