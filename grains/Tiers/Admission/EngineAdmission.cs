using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// One engine's slots on this silo. The fast path (a slot free, nobody queued) is one compare-and-swap on the packed
/// <see cref="AdmissionState"/>: no lock, no allocation. Otherwise a statement queues in its tier's bounded queue under a
/// lock; every state change made while anything is queued happens under that lock, and freed slots go to the queue
/// heads by weighted fair queueing (start tags: a tier's next tag is <c>max(virtual time, its last tag) + 1/weight</c>).
/// </summary>
internal sealed partial class EngineAdmission
{
    private const int TierCount = 4;
    private const double WaitSmoothing = 0.2;

    private readonly string _engine;
    private readonly TierAdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly TierAdmissionMetrics? _metrics;
    private readonly int _slots;
    private readonly int _reserved;
    private readonly int _backgroundMax;
    private readonly Lock _lock = new();
    private readonly LinkedList<AdmissionWaiter>[] _queues = [new(), new(), new(), new()];
    private readonly double[] _lastTag = new double[TierCount];
    private readonly double[] _averageWait = new double[TierCount];
    private readonly long[] _admitted = new long[TierCount];
    private readonly long[] _queuedTotal = new long[TierCount];
    private readonly long[] _throttled = new long[TierCount];
    private readonly long[] _rejectedFull = new long[TierCount];
    private readonly long[] _rejectedTimeout = new long[TierCount];
    private readonly TierLatencyWindow _recent;
    private double _virtualTime;
    private long _state;

    public EngineAdmission(string engine, TierAdmissionOptions options, TimeProvider time, TierAdmissionMetrics? metrics, ILogger? logger = null)
    {
        (_engine, _options, _time, _metrics, _logger) = (engine, options, time, metrics, logger);
        (_slots, _reserved, _backgroundMax) = (options.SlotsPerEngine, options.ReservedHigh, options.BackgroundMaxSlots);
        _recent = new TierLatencyWindow(time);
        (_lowerLimit, _backgroundLimit) = (_slots, _slots);
        if (options.Adaptive)
        {
            _adaptive = new AdaptiveLimit(_slots - _reserved, options.MinLowSlots, options.AdaptiveTolerance);
            _adaptTicks = Math.Max(1, (long)(options.AdaptInterval.TotalSeconds * time.TimestampFrequency));
            _nextAdaptAt = time.GetTimestamp() + _adaptTicks;
            (_lowerLimit, _backgroundLimit) = (_adaptive.Lower, _adaptive.Background);
        }
    }

    public string Engine => _engine;

    /// <summary>Takes a slot at once when one is free and nobody waits; false otherwise (then call <see cref="EnterQueuedAsync"/>).</summary>
    public bool TryEnter(Tier tier)
    {
        var t = (int)tier;
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (AdmissionState.Queued(state) != 0 || !MayRun(state, t, throttleBackground: false))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + AdmissionState.OneInFlight(t), state) == state)
            {
                Admitted(t, state + AdmissionState.OneInFlight(t));
                return true;
            }
        }
    }

    /// <summary>Waits in the tier's queue for a slot; fails with <c>admission.busy</c> when the queue is full or the wait times out.</summary>
    public async Task EnterQueuedAsync(Tier tier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var t = (int)tier;
        AdmissionWaiter waiter;
        lock (_lock)
        {
            if (TryEnterUnderLock(t) || TryEnterAheadOfBlockedQueues(t))
            {
                return;
            }

            var queue = _queues[t];
            if (queue.Count >= _options.QueueLimit[tier])
            {
                _rejectedFull[t]++;
                throw QueueFull(tier);
            }

            var tag = Math.Max(_virtualTime, _lastTag[t]) + (1.0 / _options.Weights[tier]);
            _lastTag[t] = tag;
            waiter = new AdmissionWaiter(this, tier, tag, _time.GetTimestamp());
            waiter.Node = queue.AddLast(waiter);
            _queuedTotal[t]++;
            Interlocked.Add(ref _state, AdmissionState.OneQueued);
            Dispatch();
        }

        if (!waiter.Task.IsCompleted)
        {
            // Registered outside the lock: a token cancelled already runs its callback here, which takes the lock.
            using var timer = _time.CreateTimer(static w => ((AdmissionWaiter)w!).Leave(timedOut: true), waiter, _options.QueueTimeout, Timeout.InfiniteTimeSpan);
            using var registration = cancellationToken.UnsafeRegister(static w => ((AdmissionWaiter)w!).Leave(timedOut: false), waiter);
            await waiter.Task.ConfigureAwait(false);
            return;
        }

        await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Gives a slot back and counts the statement's latency (admitted → now) and queue wait (enqueued → admitted) in the
    /// recent window; while statements wait, the freed slot goes to the next of them.
    /// </summary>
    public void Release(Tier tier, long enqueuedAt, long admittedAt)
    {
        var now = _time.GetTimestamp();
        _recent.Record((int)tier, now, now - admittedAt, admittedAt - enqueuedAt);
        if (_adaptive is not null)
        {
            Observe(tier, now, now - admittedAt);
        }

        _metrics?.Ran(tier, _engine, now - admittedAt, _time.TimestampFrequency);
        var one = AdmissionState.OneInFlight((int)tier);
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (AdmissionState.Queued(state) != 0)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _state, state - one, state) == state)
            {
                return;
            }
        }

        lock (_lock)
        {
            Interlocked.Add(ref _state, -one);
            Dispatch();
        }
    }

    /// <summary>This engine's state now.</summary>
    public EngineAdmissionStatus Status()
    {
        if (_adaptive is not null)
        {
            AdaptWhenDue(_time.GetTimestamp());
        }

        lock (_lock)
        {
            var state = Volatile.Read(ref _state);
            var tiers = new TierAdmissionStatus[TierCount];
            for (var t = 0; t < TierCount; t++)
            {
                var tier = (Tier)t;
                tiers[t] = new TierAdmissionStatus(tier, _options.Weights[tier], _options.QueueLimit[tier], AdmissionState.InFlight(state, t), _queues[t].Count,
                    Interlocked.Read(ref _admitted[t]), _queuedTotal[t], _throttled[t], _rejectedFull[t], _rejectedTimeout[t], _recent.Read(t), LimitOf(t));
            }

            return new EngineAdmissionStatus(_engine, _slots, _reserved, AdmissionState.TotalInFlight(state), AdmissionState.Queued(state), tiers,
                _adaptive is not null, _adaptive?.BaselineMs ?? 0, _adaptive?.RecentMs ?? 0);
        }
    }

    /// <summary>
    /// Whether a statement of tier <paramref name="t"/> may take a slot now: a slot is free, other tiers leave
    /// <c>ReservedHigh</c> slots to High (High's own statements count against that reserve), Low and Background stay within
    /// the adaptive limit, and, while another tier waits, Background holds at most <c>BackgroundMaxSlots</c>.
    /// </summary>
    private bool MayRun(long state, int t, bool throttleBackground)
    {
        var total = AdmissionState.TotalInFlight(state);
        if (total >= _slots)
        {
            return false;
        }

        if (t == (int)Tier.High)
        {
            return true;
        }

        var high = AdmissionState.InFlight(state, (int)Tier.High);
        if (total - high + 1 + Math.Max(_reserved, high) > _slots)
        {
            return false;
        }

        if (t >= (int)Tier.Low && !UnderAdaptiveLimit(state, t))
        {
            return false;
        }

        return t != (int)Tier.Background || !throttleBackground || AdmissionState.InFlight(state, t) < _backgroundMax;
    }

    private bool TryEnterUnderLock(int t)
    {
        var state = Volatile.Read(ref _state);
        if (AdmissionState.Queued(state) != 0 || !MayRun(state, t, throttleBackground: false))
        {
            return false;
        }

        // Nobody queued: fast-path callers may race, so the slot is taken by compare-and-swap here too.
        while (Interlocked.CompareExchange(ref _state, state + AdmissionState.OneInFlight(t), state) != state)
        {
            state = Volatile.Read(ref _state);
            if (AdmissionState.Queued(state) != 0 || !MayRun(state, t, throttleBackground: false))
            {
                return false;
            }
        }

        Admitted(t, state + AdmissionState.OneInFlight(t));
        return true;
    }

    /// <summary>
    /// Under the lock: takes a slot at once when the tier's own queue is empty and it may run although others wait. After
    /// every <see cref="Dispatch"/> no queue head may run (Low and Background held by their limits), so nobody is passed
    /// over; without this, a High statement arriving while Low waits would queue and be granted by a thread-pool hop.
    /// </summary>
    private bool TryEnterAheadOfBlockedQueues(int t)
    {
        var state = Volatile.Read(ref _state);
        if (_queues[t].Count != 0 || AdmissionState.Queued(state) == 0)
        {
            return false;
        }

        var othersWait = _queues[(int)Tier.High].Count + _queues[(int)Tier.Medium].Count + _queues[(int)Tier.Low].Count > 0;
        if (!MayRun(state, t, throttleBackground: othersWait))
        {
            return false;
        }

        // Fast-path callers fail while anything is queued, but a release may still race this read: take the slot by compare-and-swap.
        while (Interlocked.CompareExchange(ref _state, state + AdmissionState.OneInFlight(t), state) != state)
        {
            state = Volatile.Read(ref _state);
            if (!MayRun(state, t, throttleBackground: othersWait))
            {
                return false;
            }
        }

        Admitted(t, state + AdmissionState.OneInFlight(t));
        return true;
    }

    /// <summary>Under the lock: hands free slots to the queue heads that may run, lowest tag first, until none may.</summary>
    private void Dispatch()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (AdmissionState.Queued(state) == 0)
            {
                return;
            }

            var othersWait = _queues[(int)Tier.High].Count + _queues[(int)Tier.Medium].Count + _queues[(int)Tier.Low].Count > 0;
            var slotFree = AdmissionState.TotalInFlight(state) < _slots;
            AdmissionWaiter? next = null;
            for (var t = 0; t < TierCount; t++)
            {
                if (_queues[t].First?.Value is not { } head)
                {
                    continue;
                }

                if (MayRun(state, t, throttleBackground: othersWait))
                {
                    if (next is null || head.Tag < next.Tag)
                    {
                        next = head;
                    }
                }
                else if (slotFree && !head.Throttled)
                {
                    head.Throttled = true;
                    _throttled[t]++;
                }
            }

            if (next is null)
            {
                return;
            }

            Grant(next);
        }
    }

    private void Grant(AdmissionWaiter waiter)
    {
        var t = (int)waiter.Tier;
        _queues[t].Remove(waiter.Node!);
        waiter.Node = null;
        var state = Interlocked.Add(ref _state, AdmissionState.OneInFlight(t) - AdmissionState.OneQueued);
        _virtualTime = waiter.Tag;
        Admitted(t, state);
        var waited = _time.GetElapsedTime(waiter.EnqueuedAt);
        _averageWait[t] = _averageWait[t] == 0 ? waited.TotalSeconds : (WaitSmoothing * waited.TotalSeconds) + ((1 - WaitSmoothing) * _averageWait[t]);
        _metrics?.Waited(waiter.Tier, waited);
        waiter.TrySetResult(true);
    }

    /// <summary>Takes a waiter out of its queue (timed out or cancelled); nothing when it was granted a slot already.</summary>
    internal void Leave(AdmissionWaiter waiter, bool timedOut)
    {
        lock (_lock)
        {
            if (waiter.Node is not { } node)
            {
                return;
            }

            var t = (int)waiter.Tier;
            _queues[t].Remove(node);
            waiter.Node = null;
            Interlocked.Add(ref _state, -AdmissionState.OneQueued);
            if (timedOut)
            {
                _rejectedTimeout[t]++;
                _metrics?.Waited(waiter.Tier, _time.GetElapsedTime(waiter.EnqueuedAt));
                waiter.TrySetException(TimedOut(waiter.Tier));
            }
            else
            {
                waiter.TrySetCanceled();
            }

            // Fewer waiting may lift Background's cap.
            Dispatch();
        }
    }

    private DynamicDbException QueueFull(Tier tier) => Busy(
        tier,
        $"Engine '{_engine}' is too busy for tier {tier}: its {_slots} slots are taken and {_queues[(int)tier].Count} {tier} statements wait, " +
        $"the most that may (setting {TierAdmissionOptions.SectionName}:QueueLimit:{tier} = {_options.QueueLimit[tier]}); nothing ran.");

    private DynamicDbException TimedOut(Tier tier) => Busy(
        tier,
        $"Engine '{_engine}' is too busy for tier {tier}: the statement waited {_options.QueueTimeout.TotalSeconds:0.###} s for one of its {_slots} slots " +
        $"(setting {TierAdmissionOptions.SectionName}:QueueTimeout); nothing ran.");

    private DynamicDbException Busy(Tier tier, string message)
    {
        var retryAfter = RetryAfterSeconds(tier);
        return new DynamicDbException(ErrorCodes.AdmissionBusy, $"{message} Retry in {retryAfter} s.", isTransient: true)
        {
            RetryAfter = TimeSpan.FromSeconds(retryAfter),
        };
    }

    /// <summary>When to retry: the tier's recent queue wait, rounded up, between 1 s and the queue timeout; the queue timeout when nothing was served lately.</summary>
    private int RetryAfterSeconds(Tier tier)
    {
        var limit = Math.Max(1, (int)Math.Ceiling(_options.QueueTimeout.TotalSeconds));
        var average = _averageWait[(int)tier];
        return average <= 0 ? limit : Math.Clamp((int)Math.Ceiling(average), 1, limit);
    }
}
