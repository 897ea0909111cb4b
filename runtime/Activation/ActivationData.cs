using Orleans.DynamicDb.Runtime.Timers;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>
/// One activation of a grain: its instance, its queue of requests and continuations, and its life cycle.
/// At most one thread runs an activation at a time (the "pump"); a request is admitted when the grain's
/// interleaving rules allow it beside the ones already running.
/// </summary>
internal sealed partial class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private const int TurnBudget = 64;
    private const int MaxInlineDepth = 8;

    [ThreadStatic]
    private static ActivationData? t_constructing;

    [ThreadStatic]
    private static ActivationData? t_current;

    [ThreadStatic]
    private static int t_inlineDepth;

    private readonly Lock _lock = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();
    private readonly Queue<Request> _pending = new();
    private readonly List<Request> _running = new(1);
    private readonly ActivationSynchronizationContext _context;
    private readonly TaskCompletionSource _invalidated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state = ActivationState.Activating;
    private bool _scheduled;
    private int _runningReadOnly;
    private DeactivationReason? _deactivation;
    private long _lastActivity;
    private long _keepAliveUntil;
    private TimeSpan _collectionAge;
    private object? _grain;
    private List<GrainTimer>? _timers;
    private List<IStorage>? _states;

    public ActivationData(GrainRuntime runtime, GrainClassInfo classInfo, GrainId grainId, StatelessWorkerPool? pool = null)
    {
        Runtime = runtime;
        ClassInfo = classInfo;
        GrainId = grainId;
        Pool = pool;
        _context = new ActivationSynchronizationContext(this);
        _collectionAge = classInfo.CollectionAge;
        _lastActivity = runtime.TimeProvider.GetTimestamp();
    }

    /// <summary>The activation whose grain constructor is running on this thread.</summary>
    internal static ActivationData? Constructing { get => t_constructing; set => t_constructing = value; }

    /// <summary>The activation whose turn is running on this thread, if any.</summary>
    internal static ActivationData? Current { get => t_current; set => t_current = value; }

    public GrainId GrainId { get; }

    public object? GrainInstance => _grain;

    public IServiceProvider ActivationServices => Runtime.Services;

    internal GrainRuntime Runtime { get; }

    internal GrainClassInfo ClassInfo { get; }

    internal StatelessWorkerPool? Pool { get; }

    internal ActivationState State => _state;

    /// <summary>Completes once the activation is gone.</summary>
    internal Task Invalidated => _invalidated.Task;

    /// <summary>Requests waiting or running: the load a stateless worker pool balances on.</summary>
    internal int Load
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count + _running.Count;
            }
        }
    }

    /// <summary>A unique id of this activation, for the grain directory.</summary>
    internal string ActivationId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>This activation's directory entry on silo <paramref name="silo"/>.</summary>
    internal GrainDirectory.GrainAddress Address(Membership.SiloAddress silo) => new(GrainId, silo, ActivationId);

    /// <summary>Registers persistent state to read before OnActivateAsync (called while the grain is constructed).</summary>
    internal void AddPersistentState(IStorage state) => (_states ??= []).Add(state);

    /// <summary>Starts activating: the first item on the activation's own queue.</summary>
    internal void Start() => EnqueueWork(static s => _ = ((ActivationData)s!).ActivateAsync(), this);

    /// <summary>
    /// Queues a request. Runs it at once on the calling thread when the activation is idle and may take it
    /// (the common case for a call from outside a busy grain). False when the activation is gone: resolve it again.
    /// </summary>
    internal bool TryEnqueue(Request request)
    {
        var runInline = false;
        var schedule = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            if (request.IsDone)
            {
                // The caller already gave up (cancelled before sending): nothing to run.
                return true;
            }

            if (!_scheduled && _state == ActivationState.Valid && _pending.Count == 0 && _work.Count == 0 && t_inlineDepth < MaxInlineDepth && CanAdmit(request))
            {
                _scheduled = true;
                Admit(request);
                runInline = true;
            }
            else
            {
                _pending.Enqueue(request);
                if (!_scheduled)
                {
                    _scheduled = true;
                    schedule = true;
                }
            }
        }

        if (runInline)
        {
            RunInline(request);
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }

        return true;
    }

    /// <summary>Queues a continuation of grain code (from the synchronization context).</summary>
    internal void EnqueueWork(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _work.Enqueue((callback, state));
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Called by a request when it has answered its caller.</summary>
    internal void OnRequestCompleted(Request request)
    {
        bool schedule = false;
        lock (_lock)
        {
            if (_running.Remove(request) && request.IsReadOnly)
            {
                _runningReadOnly--;
            }

            if (request.CountsAsActivity)
            {
                _lastActivity = Runtime.TimeProvider.GetTimestamp();
            }

            if (t_current != this && !_scheduled && (_pending.Count > 0 || _deactivation is not null))
            {
                _scheduled = schedule = true;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    void IThreadPoolWorkItem.Execute() => Pump(null);

    private void RunInline(Request request)
    {
        var executionContext = ExecutionContext.Capture();
        t_inlineDepth++;
        try
        {
            Pump(request);
        }
        finally
        {
            t_inlineDepth--;
            if (executionContext is not null)
            {
                ExecutionContext.Restore(executionContext);
            }
        }
    }

    private void Pump(Request? first)
    {
        var previousContext = SynchronizationContext.Current;
        var previousCurrent = t_current;
        SynchronizationContext.SetSynchronizationContext(_context);
        t_current = this;
        var reschedule = false;
        try
        {
            if (first is not null)
            {
                StartRequest(first);
            }

            for (var budget = TurnBudget; ; budget--)
            {
                SendOrPostCallback? callback = null;
                object? state = null;
                Request? request = null;
                var deactivate = false;
                lock (_lock)
                {
                    if (budget == 0)
                    {
                        reschedule = true;
                        break;
                    }

                    if (_work.TryDequeue(out var item))
                    {
                        (callback, state) = item;
                    }
                    else if (!TryAdmitNext(out request))
                    {
                        if (_deactivation is not null && _state == ActivationState.Valid && _running.Count == 0)
                        {
                            _state = ActivationState.Deactivating;
                            deactivate = true;
                        }
                        else
                        {
                            _scheduled = false;
                            break;
                        }
                    }
                }

                if (callback is not null)
                {
                    RunWorkItem(callback, state);
                }
                else if (request is not null)
                {
                    StartRequest(request);
                }
                else if (deactivate)
                {
                    _ = DeactivateAsync(_deactivation!.Value);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
            t_current = previousCurrent;
        }

        if (reschedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void RunWorkItem(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            Runtime.LogUnhandledTurnException(GrainId, exception);
        }
    }

    private void StartRequest(Request request)
    {
        try
        {
            request.Start(this, _grain!);
        }
        catch (Exception exception)
        {
            OnRequestCompleted(request);
            request.Fail(exception);
        }
    }

    /// <summary>Under the lock: takes the head of the queue if the rules let it run now, skipping callers that gave up.</summary>
    private bool TryAdmitNext(out Request? request)
    {
        request = null;
        if (_state != ActivationState.Valid)
        {
            return false;
        }

        while (_pending.TryPeek(out var head))
        {
            if (head.IsDone)
            {
                _pending.Dequeue();
                continue;
            }

            if (!CanAdmit(head))
            {
                return false;
            }

            _pending.Dequeue();
            Admit(head);
            request = head;
            return true;
        }

        return false;
    }

    private bool CanAdmit(Request request)
    {
        if (_deactivation is not null)
        {
            return false;
        }

        return _running.Count == 0
            || ClassInfo.IsReentrant
            || request.IsAlwaysInterleave
            || (request.IsReadOnly && _runningReadOnly == _running.Count);
    }

    private void Admit(Request request)
    {
        _running.Add(request);
        if (request.IsReadOnly)
        {
            _runningReadOnly++;
        }
    }
}
