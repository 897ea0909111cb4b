using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// The adaptive limit's side of an engine's admission (<see cref="AdaptiveLimit"/>): a released High statement adds its
/// latency to two counters (no lock); the first release or status read after <c>AdaptInterval</c> wins a compare-and-swap
/// on the next due time and adapts the limits once under the lock; the fast path only reads the two limits.
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
        var background = AdmissionState.InFlight(state, (int)Tier.Background);
        if (AdmissionState.InFlight(state, (int)Tier.Low) + background >= Volatile.Read(ref _lowerLimit))
        {
            return false;
        }

        return t != (int)Tier.Background || background < Volatile.Read(ref _backgroundLimit);
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
        lock (_lock)
        {
            var (lower, background) = (_lowerLimit, _backgroundLimit);
            if (!_adaptive!.Adapt(count, meanMs, intervals))
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
