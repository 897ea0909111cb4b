using Orleans.DynamicDb.Runtime.Copying;
using Orleans.DynamicDb.Runtime.Invocation;

#pragma warning disable CA2012 // ValueTasks here are read exactly once, after IsCompleted or from their completion callback.

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>A call to a grain method whose caller waits for a <typeparamref name="T"/> (VoidResult for none).</summary>
internal sealed class GrainCallRequest<T> : Request
{
    private readonly TaskCompletionSource<T>? _completion;
    private readonly GrainMethodDescriptor _method;
    private readonly object?[] _arguments;
    private CancellationTokenRegistration _cancellation;
    private ActivationData? _activation;
    private Task? _awaitedTask;
    private ValueTask<T> _awaitedValueTask;
    private ValueTask _awaitedVoidValueTask;
    private Action? _onAwaited;

    public GrainCallRequest(GrainMethodDescriptor method, object?[] arguments, bool oneWay)
    {
        _method = method;
        _arguments = arguments;
        if (!oneWay)
        {
            // The caller's continuation must never run on the answering grain's turn loop: it would block that grain
            // and keep the caller there (bench/RESULTS.md, finding 1). Calls answered inline have no continuation yet.
            _completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (method.CancellationTokenIndex >= 0 && arguments[method.CancellationTokenIndex] is CancellationToken token && token.CanBeCanceled)
            {
                _cancellation = token.UnsafeRegister(static (state, token) => ((GrainCallRequest<T>)state!).TryCancel(token), this);
            }
        }
    }

    public Task<T> Task => _completion!.Task;

    public override GrainMethodDescriptor Method => _method;

    public object?[] Arguments => _arguments;

    public override bool IsAlwaysInterleave => _method.IsAlwaysInterleave;

    public override bool IsReadOnly => _method.IsReadOnly;

    public override bool IsDone => _completion?.Task.IsCompleted ?? false;

    public override string Describe(GrainId target) => $"call {_method.Name} to grain {target}";

    public override void Start(ActivationData activation, object grain)
    {
        _activation = activation;
        if (activation.Runtime.HasCallFilters || grain is IIncomingGrainCallFilter)
        {
            StartFiltered(grain);
            return;
        }

        try
        {
            switch (_method.Kind)
            {
                case GrainMethodKind.TaskOfT:
                    var task = ((Func<object, object?[], Task<T>>)_method.Invoker)(grain, _arguments);
                    if (task.IsCompleted)
                    {
                        Finish(task, default, default);
                        return;
                    }

                    _awaitedTask = task;
                    task.GetAwaiter().UnsafeOnCompleted(_onAwaited = OnAwaited);
                    return;
                case GrainMethodKind.ValueTaskOfT:
                    var valueTask = ((Func<object, object?[], ValueTask<T>>)_method.Invoker)(grain, _arguments);
                    if (valueTask.IsCompleted)
                    {
                        Finish(null, valueTask, default);
                        return;
                    }

                    _awaitedValueTask = valueTask;
                    valueTask.GetAwaiter().UnsafeOnCompleted(_onAwaited = OnAwaited);
                    return;
                case GrainMethodKind.Task:
                    var voidTask = ((Func<object, object?[], Task>)_method.Invoker)(grain, _arguments);
                    if (voidTask.IsCompleted)
                    {
                        Finish(voidTask, default, default);
                        return;
                    }

                    _awaitedTask = voidTask;
                    voidTask.GetAwaiter().UnsafeOnCompleted(_onAwaited = OnAwaited);
                    return;
                default:
                    var voidValueTask = ((Func<object, object?[], ValueTask>)_method.Invoker)(grain, _arguments);
                    if (voidValueTask.IsCompleted)
                    {
                        Finish(null, default, voidValueTask);
                        return;
                    }

                    _awaitedVoidValueTask = voidValueTask;
                    voidValueTask.GetAwaiter().UnsafeOnCompleted(_onAwaited = OnAwaited);
                    return;
            }
        }
        catch (Exception exception)
        {
            Complete(default, exception);
        }
    }

    /// <summary>Sends this queued call to another silo and answers the caller with that silo's answer.</summary>
    public override void ForwardTo(Cluster.ClusterContext cluster, Membership.SiloAddress silo, GrainId target, TimeSpan timeout)
    {
        var remote = cluster.Remote.CallAsync<T>(silo, target, _method, _arguments, timeout, hops: 1);
        if (_completion is null)
        {
            return;
        }

        remote.ContinueWith(
            static (task, state) =>
            {
                var self = (GrainCallRequest<T>)state!;
                if (task.IsCompletedSuccessfully)
                {
                    self._completion!.TrySetResult(task.Result);
                }
                else if (task.IsCanceled)
                {
                    self._completion!.TrySetCanceled();
                }
                else
                {
                    self._completion!.TrySetException(task.Exception!.InnerExceptions);
                }

                self._cancellation.Dispose();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public override void Fail(Exception exception)
    {
        if (_completion is null)
        {
            return;
        }

        _completion.TrySetException(exception);
        _cancellation.Dispose();
    }

    private void TryCancel(CancellationToken token)
    {
        _completion!.TrySetCanceled(token);
    }

    private void OnAwaited() => Finish(_awaitedTask, _awaitedValueTask, _awaitedVoidValueTask);

    /// <summary>Reads the completed result of whichever shape the method returned (by <see cref="GrainMethodDescriptor.Kind"/>) and answers.</summary>
    private void Finish(Task? task, ValueTask<T> valueTask, ValueTask voidValueTask)
    {
        T? result = default;
        try
        {
            switch (_method.Kind)
            {
                case GrainMethodKind.TaskOfT:
                    result = ((Task<T>)task!).GetAwaiter().GetResult();
                    break;
                case GrainMethodKind.ValueTaskOfT:
                    result = valueTask.GetAwaiter().GetResult();
                    break;
                case GrainMethodKind.Task:
                    task!.GetAwaiter().GetResult();
                    break;
                default:
                    voidValueTask.GetAwaiter().GetResult();
                    break;
            }
        }
        catch (Exception exception)
        {
            Complete(default, exception);
            return;
        }

        Complete(result, null);
    }

    private async void StartFiltered(object grain)
    {
        var context = new IncomingGrainCallContext(_activation!, grain, _method, _arguments);
        try
        {
            await context.Invoke();
            Complete(context.Result is null ? default : (T)context.Result, null);
        }
        catch (Exception exception)
        {
            Complete(default, exception);
        }
    }

    private void Complete(T? result, Exception? exception)
    {
        if (exception is null && _method.CopiesResult && result is not null)
        {
            try
            {
                result = (T)DeepCopier.Copy(result)!;
            }
            catch (Exception copyFailure)
            {
                exception = copyFailure;
            }
        }

        // The activation learns the request is over before the caller does: the caller's continuation may run
        // inline right here, and must find the grain idle (or ready for its next request).
        var activation = _activation!;
        activation.OnRequestCompleted(this);
        if (_completion is null)
        {
            if (exception is not null)
            {
                activation.Runtime.LogOneWayFailed(activation.GrainId, _method.Name, exception);
            }

            return;
        }

        if (exception is null)
        {
            _completion.TrySetResult(result!);
        }
        else
        {
            _completion.TrySetException(exception);
        }

        _cancellation.Dispose();
    }
}
