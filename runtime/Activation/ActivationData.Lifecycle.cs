using Orleans.DynamicDb.Runtime.Timers;

namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>Activation, deactivation, idle collection and timers of one activation.</summary>
internal sealed partial class ActivationData
{
    public void Deactivate(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (_deactivation is not null || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivation = reason;
            schedule = !_scheduled;
            _scheduled = true;
        }


        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Deactivates and completes when the activation is gone.</summary>
    internal Task DeactivateAsync(DeactivationReason reason, bool wait)
    {
        Deactivate(reason);
        return wait ? Invalidated : Task.CompletedTask;
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        lock (_lock)
        {
            var now = Runtime.TimeProvider.GetTimestamp();
            _keepAliveUntil = timeSpan <= TimeSpan.Zero ? 0 : now + (long)(timeSpan.TotalSeconds * Runtime.TimeProvider.TimestampFrequency);
        }
    }

    public void SetCollectionAge(TimeSpan age)
    {
        if (age < TimeSpan.Zero && age != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, "A collection age must be positive, zero or infinite (zero and infinite both mean never collect).");
        }

        lock (_lock)
        {
            _collectionAge = age == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : age;
        }
    }

    /// <summary>True when the activation has been idle for its collection age and nothing keeps it alive.</summary>
    internal bool IsIdleLongerThanAge(long now)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _deactivation is not null || _running.Count > 0 || _pending.Count > 0 || _collectionAge == Timeout.InfiniteTimeSpan || now < _keepAliveUntil)
            {
                return false;
            }

            return Runtime.TimeProvider.GetElapsedTime(_lastActivity, now) >= _collectionAge;
        }
    }

    /// <summary>Takes out the requests whose deadline has passed, so their callers get a timeout.</summary>
    internal void CollectExpired(long now, List<Request> expired)
    {
        lock (_lock)
        {
            foreach (var request in _pending)
            {
                if (request.Deadline <= now && !request.IsDone)
                {
                    expired.Add(request);
                }
            }

            foreach (var request in _running)
            {
                if (request.Deadline <= now && !request.IsDone)
                {
                    expired.Add(request);
                }
            }
        }
    }

    internal IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register a timer.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private async Task ActivateAsync()
    {
        var started = Runtime.TimeProvider.GetTimestamp();
        try
        {
            if (!await Runtime.RegisterActivationAsync(this))
            {
                ForwardAndVanish();
                return;
            }

            t_constructing = this;
            try
            {
                _grain = ClassInfo.Create(Runtime.Services, this);
            }
            finally
            {
                t_constructing = null;
            }

            using var timeout = new CancellationTokenSource(Runtime.CollectionOptions.ActivationTimeout, Runtime.TimeProvider);
            foreach (var state in _states ?? [])
            {
                await state.ReadStateAsync();
            }

            if (_grain is Grain grain)
            {
                await grain.OnActivateAsync(timeout.Token);
            }

            lock (_lock)
            {
                _state = ActivationState.Valid;
                _lastActivity = Runtime.TimeProvider.GetTimestamp();
            }

            Runtime.OnActivated(this, Runtime.TimeProvider.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            Runtime.LogActivationFailed(GrainId, exception);
            List<Request> failed;
            lock (_lock)
            {
                _state = ActivationState.Invalid;
                failed = [.. _pending];
                _pending.Clear();
            }

            DisposeTimers();
            Runtime.Catalog.OnInvalidated(this);
            _invalidated.TrySetResult();
            foreach (var request in failed)
            {
                request.Fail(exception);
            }
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        if (_grain is Grain grain)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Runtime.CollectionOptions.DeactivationTimeout, Runtime.TimeProvider);
                await grain.OnDeactivateAsync(reason, timeout.Token).WaitAsync(Runtime.CollectionOptions.DeactivationTimeout, Runtime.TimeProvider);
            }
            catch (Exception exception)
            {
                Runtime.LogDeactivationFailed(GrainId, exception);
            }
        }

        List<Request> leftOver;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            leftOver = [.. _pending];
            _pending.Clear();
        }

        // The directory entry goes first, so the next activation (here or elsewhere) can register.
        await Runtime.UnregisterActivationAsync(this);
        Runtime.Catalog.OnInvalidated(this);
        Runtime.OnDeactivated(this, reason);
        _invalidated.TrySetResult();

        // Calls that arrived while this activation was going away are served by the next one.
        foreach (var request in leftOver)
        {
            Runtime.Redispatch(GrainId, request);
        }
    }

    /// <summary>Another activation of this grain won the directory: send every queued call to it and disappear.</summary>
    private void ForwardAndVanish()
    {
        List<Request> queued;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            queued = [.. _pending];
            _pending.Clear();
        }

        Runtime.Catalog.OnInvalidated(this);
        _invalidated.TrySetResult();
        foreach (var request in queued)
        {
            Runtime.Redispatch(GrainId, request);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
