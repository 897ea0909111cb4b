using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Workers;

/// <summary>
/// A fixed set of dedicated threads (not the .NET thread pool) that run an engine's blocking work, shared fairly between
/// applications: a free worker takes the waiting work of the application with the fewest busy workers, applications with
/// equal shares in turn (round-robin), no application keeps more than
/// <see cref="WorkerPoolSettings.MaxWorkersPerApp"/> workers busy, and each may have at most
/// <see cref="WorkerPoolSettings.MaxQueuedPerApp"/> operations waiting. Callers await the work asynchronously, so no
/// thread-pool thread waits for it. Disposing fails the waiting work, interrupts the running work and stops the threads.
/// </summary>
internal sealed partial class FairWorkerPool : IAsyncDisposable
{
    [ThreadStatic]
    private static FairWorkerPool? t_current;

    private readonly object _sync = new();
    private readonly Dictionary<string, AppWorkQueue> _apps = new(StringComparer.Ordinal);
    private readonly LinkedList<AppWorkQueue> _turns = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _exited;
    private readonly string _engineId;
    private readonly ILogger _logger;
    private bool _stopped;
    private long _started;

    public FairWorkerPool(string engineId, WorkerPoolSettings settings, ILogger logger)
    {
        _engineId = engineId;
        _logger = logger;
        Settings = settings;
        _exited = new Task[settings.Workers];
        for (var i = 0; i < settings.Workers; i++)
        {
            var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _exited[i] = exited.Task;
            new Thread(() => Work(exited)) { IsBackground = true, Name = $"dyndb-{engineId}-worker-{i}" }.Start();
        }

        LogStarted(_logger, engineId, settings.Workers, settings.MaxWorkersPerApp, settings.MaxQueuedPerApp);
    }

    /// <summary>The pool's sizes.</summary>
    public WorkerPoolSettings Settings { get; }

    /// <summary>True on one of this pool's worker threads.</summary>
    public bool IsWorkerThread => ReferenceEquals(t_current, this);

    /// <summary>
    /// Runs <paramref name="work"/> on a worker in <paramref name="app"/>'s turn. The token it receives is cancelled when
    /// <paramref name="cancellationToken"/> is or the pool stops; the work must stop soon after.
    /// </summary>
    /// <exception cref="DynamicDbException"><c>engine.unavailable</c> (transient) when the application already has
    /// <see cref="WorkerPoolSettings.MaxQueuedPerApp"/> operations waiting, or the pool has stopped.</exception>
    public Task<T> RunAsync<T>(string app, Func<CancellationToken, T> work, CancellationToken cancellationToken = default) =>
        Enqueue(app, work, cleanup: false, cancellationToken);

    /// <summary>
    /// Runs work that releases resources (closing, checkpointing): it waits its turn like any work but is never refused
    /// for a full queue, and it runs on the caller's thread once the pool has stopped.
    /// </summary>
    public Task<T> RunCleanupAsync<T>(string app, Func<CancellationToken, T> work, CancellationToken cancellationToken = default) =>
        Enqueue(app, work, cleanup: true, cancellationToken);

    /// <summary>How many operations of <paramref name="app"/> run and wait right now (for tests and diagnostics).</summary>
    public (int Busy, int Waiting) LoadOf(string app)
    {
        lock (_sync)
        {
            return _apps.TryGetValue(app, out var queue) ? (queue.Busy, queue.Waiting) : (0, 0);
        }
    }

    /// <summary>How many operations the workers have taken up since the pool started (each is one hop to a worker).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>How many operations of all applications run and wait right now (the pool's gauges).</summary>
    public (int Busy, int Waiting) Load
    {
        get
        {
            lock (_sync)
            {
                var (busy, waiting) = (0, 0);
                foreach (var queue in _apps.Values)
                {
                    busy += queue.Busy;
                    waiting += queue.Waiting;
                }

                return (busy, waiting);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        var first = false;
        List<WorkItem> dropped = [];
        lock (_sync)
        {
            if (!_stopped)
            {
                first = _stopped = true;
                foreach (var queue in _apps.Values)
                {
                    dropped.AddRange(queue.DrainWaiting());
                    queue.Turn = null;
                }

                _turns.Clear();
                Monitor.PulseAll(_sync);
            }
        }

        // Running work sees its token cancelled and stops (SQLite statements are interrupted); waiting work fails.
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var item in dropped)
        {
            item.Registration.Dispose();
            item.Fail(Stopped());
        }

        await Task.WhenAll(_exited).ConfigureAwait(false);
        if (first)
        {
            LogStopped(_logger, _engineId);
        }
    }

    private Task<T> Enqueue<T>(string app, Func<CancellationToken, T> work, bool cleanup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new WorkItem<T>(app, work, cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            item.Registration = cancellationToken.Register(static state =>
            {
                var (pool, item) = ((FairWorkerPool, WorkItem))state!;
                pool.Drop(item);
            }, (this, (WorkItem)item));
        }

        var runInline = false;
        Exception? refused = null;
        lock (_sync)
        {
            if (item.Settled)
            {
                // cancelled while being registered: already dropped
            }
            else if (_stopped)
            {
                runInline = cleanup;
                refused = cleanup ? null : Stopped();
                item.Settled = true;
            }
            else if (!cleanup && _apps.TryGetValue(app, out var full) && full.Waiting >= Settings.MaxQueuedPerApp)
            {
                refused = QueueFull(app);
                item.Settled = true;
            }
            else
            {
                var queue = GetOrAdd(app);
                queue.Enqueue(item);
                queue.Turn ??= _turns.AddLast(queue);
                Monitor.Pulse(_sync);
            }
        }

        if (runInline || refused is not null)
        {
            item.Registration.Dispose();
            if (runInline)
            {
                item.Run(Stopped, CancellationToken.None);
            }
            else
            {
                item.Fail(refused!);
            }
        }

        return item.Task;
    }

    private DynamicDbException QueueFull(string app) => new(ErrorCodes.EngineUnavailable,
        $"The application '{app}' already has {Settings.MaxQueuedPerApp} operations waiting for a worker of engine '{_engineId}' " +
        $"(setting MaxQueuedPerApp of the engine in DynamicDb:Engines); retry later, or raise the setting.",
        isTransient: true);

    private DynamicDbException Stopped() => new(ErrorCodes.EngineUnavailable,
        $"The engine '{_engineId}' is shutting down and runs no more work.", isTransient: true);
}
