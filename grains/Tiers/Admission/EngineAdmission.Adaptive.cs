using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// The adaptive limit's side of an engine's admission (<see cref="AdaptiveLimit"/>): a released High statement adds its
/// latency to two counters (no lock); a Low or Background statement held back by the limit sets the <i>pressed</i> flag,
/// and an admitted one raises the peak of Low and Background in flight if it is a new one (no lock either); the first
/// release or status read after <c>AdaptInterval</c> wins a compare-and-swap on the next due time, takes the counters,
/// the flag and the peak, and adapts the limits once under the lock. The fast path only reads the two limits.
/// </summary>
internal sealed partial class EngineAdmission
{
    private readonly AdaptiveLimit? _adaptive;
    private readonly ILogger? _logger;
    private readonly long _adaptTicks;
    private long _nextAdaptAt;
    private long _highCount;
    private long _highTicks;
    private int _lowerLimit;
    private int _backgroundLimit;
    private int _pressed;
    private int _lowerPeak;

    /// <summary>Slots the tier may hold now: High all, Medium all but the reserve, Low (with Background) and Background their adaptive limits.</summary>
    private int LimitOf(int t) => t switch
    {
        (int)Tier.High => _slots,
        (int)Tier.Medium => _slots - _reserved,
        (int)Tier.Low => Math.Min(_slots - _reserved, Volatile.Read(ref _lowerLimit)),
        _ => Math.Min(_slots - _reserved, Volatile.Read(ref _backgroundLimit)),
    };

    /// <summary>Whether one more Low or Background statement stays within the adaptive limits (always, when not adaptive).</summary>
    private bool UnderAdaptiveLimit(long state, int t)
    {
        if (!AtAdaptiveLimit(state, t))
        {
            return true;
        }

        Pressed();
        return false;
    }

    /// <summary>Whether Low and Background together (or, for Background, Background alone) hold all the slots of their adaptive limit.</summary>
    private bool AtAdaptiveLimit(long state, int t)
    {
        var background = AdmissionState.InFlight(state, (int)Tier.Background);
        return AdmissionState.InFlight(state, (int)Tier.Low) + background >= Volatile.Read(ref _lowerLimit)
            || (t == (int)Tier.Background && background >= Volatile.Read(ref _backgroundLimit));
    }

    /// <summary>Under the lock: whether a Low or Background statement waits now because of the adaptive limit (pressing although no event re-checked it this interval).</summary>
    private bool QueuedAtAdaptiveLimit(long state) =>
        (_queues[(int)Tier.Low].Count > 0 && AtAdaptiveLimit(state, (int)Tier.Low))
        || (_queues[(int)Tier.Background].Count > 0 && AtAdaptiveLimit(state, (int)Tier.Background));

    /// <summary>Notes that the lower tiers pressed against the limit this interval (a write only when the flag is not set yet, so refusals do not contend on it).</summary>
    private void Pressed()
    {
        if (_adaptive is not null && Volatile.Read(ref _pressed) == 0)
        {
            Interlocked.Exchange(ref _pressed, 1);
        }
    }

    /// <summary>Counts an admitted statement; for Low and Background with the adaptive limit on, raises the interval's peak of them in flight (<paramref name="state"/>: the state with it admitted).</summary>
    private void Admitted(int t, long state)
    {
        Interlocked.Increment(ref _admitted[t]);
        if (t < (int)Tier.Low || _adaptive is null)
        {
            return;
        }

        var used = AdmissionState.InFlight(state, (int)Tier.Low) + AdmissionState.InFlight(state, (int)Tier.Background);
        var peak = Volatile.Read(ref _lowerPeak);
        while (used > peak)
        {
            var seen = Interlocked.CompareExchange(ref _lowerPeak, used, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    /// <summary>Counts a released statement for the adaptive limit, and adapts when an interval is over.</summary>
    private void Observe(Tier tier, long now, long latencyTicks)
    {
        if (tier == Tier.High)
        {
            Interlocked.Increment(ref _highCount);
            Interlocked.Add(ref _highTicks, latencyTicks);
        }

        if (now >= Volatile.Read(ref _nextAdaptAt))
        {
            AdaptWhenDue(now);
        }
    }

    /// <summary>Adapts the limits once when an interval is over; of callers racing, only the one that moves the due time does.</summary>
    private void AdaptWhenDue(long now)
    {
        var due = Volatile.Read(ref _nextAdaptAt);
        if (now < due || Interlocked.CompareExchange(ref _nextAdaptAt, now + _adaptTicks, due) != due)
        {
            return;
        }

        var intervals = 1 + (int)Math.Min(1000, (now - due) / _adaptTicks);
        var count = Interlocked.Exchange(ref _highCount, 0);
        var ticks = Interlocked.Exchange(ref _highTicks, 0);
        var meanMs = count == 0 ? 0 : ticks * 1000.0 / _time.TimestampFrequency / count;
        var refused = Interlocked.Exchange(ref _pressed, 0) != 0;
        var peak = Interlocked.Exchange(ref _lowerPeak, 0);
        lock (_lock)
        {
            var (lower, background) = (_lowerLimit, _backgroundLimit);
            var state = Volatile.Read(ref _state);
            var used = Math.Max(peak, AdmissionState.InFlight(state, (int)Tier.Low) + AdmissionState.InFlight(state, (int)Tier.Background));
            var pressed = refused || used >= lower || QueuedAtAdaptiveLimit(state);
            if (!_adaptive!.Adapt(count, meanMs, intervals, pressed, used))
            {
                return;
            }

            Volatile.Write(ref _lowerLimit, _adaptive.Lower);
            Volatile.Write(ref _backgroundLimit, _adaptive.Background);
            if (_logger is not null)
            {
                LogLimitChanged(_logger, _engine, lower, _adaptive.Lower, background, _adaptive.Background, _adaptive.RecentMs, _adaptive.BaselineMs);
            }

            // A grown limit may let queued Low or Background statements run.
            Dispatch();
        }
    }

    [LoggerMessage(EventId = EventIds.AdmissionLimitChanged, Level = LogLevel.Debug,
        Message = "Engine {EngineId}: Low and Background may hold {LowerFrom} → {LowerTo} slots, Background {BackgroundFrom} → {BackgroundTo} (High's mean latency {HighRecentMs:0.###} ms, quiet baseline {HighBaselineMs:0.###} ms)")]
    private static partial void LogLimitChanged(ILogger logger, string engineId, int lowerFrom, int lowerTo, int backgroundFrom, int backgroundTo, double highRecentMs, double highBaselineMs);
}
