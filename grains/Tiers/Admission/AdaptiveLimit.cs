namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// The adaptive limit of one engine's lower tiers (docs/tiers.md, "Adaptive limit"): how many slots Low and Background
/// may hold together (<see cref="Lower"/>) and Background alone (<see cref="Background"/>), driven once per interval by
/// High's mean statement latency (admitted → released) against its quiet baseline and by whether the lower tiers pressed
/// against the limit. <b>Slow start:</b> both start at the floor. Above <c>baseline × (1 + tolerance)</c> both shrink
/// multiplicatively (Background twice as fast: it is throttled first), never below the floors; otherwise (or when too
/// few High statements ran to tell) they grow additively (Background last), but only in an interval the lower tiers
/// pressed against the limit; without that demand they hold, and after <see cref="IdleIntervals"/> such intervals in a
/// row they decay toward what the lower tiers used, so the next burst starts small again. Pure logic, not thread-safe:
/// <see cref="EngineAdmission"/> calls <see cref="Adapt"/> under its lock.
/// </summary>
internal sealed class AdaptiveLimit
{
    /// <summary>High statements an interval needs before its mean is a signal; fewer: nothing to protect, the lower tiers may grow.</summary>
    public const int MinSamples = 10;

    /// <summary>How fast the baseline may rise per interval (0.2%: about × 1.25 in 110 intervals), so it follows a lasting change of High's own work but not a load burst.</summary>
    public const double BaselineDrift = 0.002;

    /// <summary>The smallest additive step (a quarter slot): a small limit probes upward over a few pressed intervals, not at once.</summary>
    public const double MinStep = 0.25;

    /// <summary>The additive step as a share of the limit (10%), so a large ceiling is reached in tens of pressed intervals.</summary>
    public const double StepShare = 0.1;

    /// <summary>
    /// Intervals in a row without the lower tiers pressing against the limit (30: half a minute at the default 1 s) after
    /// which it decays; long enough that a pause between a batch's statements keeps what it grew, short enough that the
    /// next burst after a quiet spell starts near the floor rather than at a limit learned long ago.
    /// </summary>
    public const int IdleIntervals = 30;

    /// <summary>The share of the limit above its decay target kept per interval once decaying (0.5: from the ceiling to the floor in about five intervals).</summary>
    public const double DecayShare = 0.5;

    private readonly int _ceiling;
    private readonly int _floor;
    private readonly double _tolerance;
    private double _lower;
    private double _background;
    private int _idle;

    /// <param name="ceiling">The most slots Low and Background may hold (<c>SlotsPerEngine − ReservedHigh</c>).</param>
    /// <param name="floor">The fewest (<c>MinLowSlots</c>): Low's minimum share, and where the limit starts.</param>
    /// <param name="tolerance">How far above its baseline High's latency may rise before the limit shrinks.</param>
    public AdaptiveLimit(int ceiling, int floor, double tolerance)
    {
        (_ceiling, _floor, _tolerance) = (Math.Max(1, ceiling), Math.Clamp(floor, 1, Math.Max(1, ceiling)), tolerance);
        (_lower, _background) = (_floor, 1);
    }

    /// <summary>Slots Low and Background may hold together now.</summary>
    public int Lower => (int)_lower;

    /// <summary>Slots Background may hold now (at most <see cref="Lower"/>, at least 1: it shares the floor by its weight).</summary>
    public int Background => Math.Max(1, Math.Min((int)_background, Lower));

    /// <summary>
    /// High's quiet baseline (0 until learned): an interval mean below it pulls it half way down, one above lets it rise by
    /// at most <see cref="BaselineDrift"/>; so it sits at a low quantile of the quiet means, not at the luckiest one.
    /// </summary>
    public double BaselineMs { get; private set; }

    /// <summary>High's mean latency over the last interval with at least <see cref="MinSamples"/> statements (0 until then).</summary>
    public double RecentMs { get; private set; }

    /// <summary>Shrinks, grows, holds or decays the limits after <paramref name="intervals"/> intervals (more than one: the engine was idle; the extra ones count as intervals without High and without pressure).</summary>
    /// <param name="highStatements">High statements released since the last call.</param>
    /// <param name="highMeanMs">Their mean latency (admitted → released), in ms.</param>
    /// <param name="intervals">Whole intervals since the last call (at least 1).</param>
    /// <param name="pressed">Whether a Low or Background statement was held back by the limit, or they held all of it, since the last call.</param>
    /// <param name="used">The most slots Low and Background held at once since the last call (the decay's target, with one to spare).</param>
    /// <returns>True when <see cref="Lower"/> or <see cref="Background"/> changed.</returns>
    public bool Adapt(long highStatements, double highMeanMs, int intervals, bool pressed, int used)
    {
        var before = (Lower, Background);
        if (highStatements >= MinSamples && Slow(highMeanMs))
        {
            Shrink(Math.Clamp(BaselineMs * (1 + _tolerance) / highMeanMs, 0.25, 0.5));
            _idle = pressed ? 0 : _idle + Math.Max(1, intervals);
        }
        else if (pressed)
        {
            Grow();
            _idle = 0;
        }
        else
        {
            for (var i = 0; i < Math.Max(1, intervals); i++)
            {
                if (++_idle > IdleIntervals)
                {
                    Decay(Math.Max(_floor, used + 1));
                }
            }
        }

        if (highStatements >= MinSamples)
        {
            Learn(highMeanMs);
        }

        return before != (Lower, Background);
    }

    /// <summary>Whether High's mean is above the tolerance over a learned baseline.</summary>
    private bool Slow(double highMeanMs) => BaselineMs > 0 && highMeanMs > BaselineMs * (1 + _tolerance);

    private void Learn(double highMeanMs)
    {
        RecentMs = highMeanMs;
        BaselineMs = BaselineMs <= 0 ? highMeanMs
            : highMeanMs < BaselineMs ? (BaselineMs + highMeanMs) / 2
            : Math.Min(highMeanMs, BaselineMs * (1 + BaselineDrift));
    }

    private void Shrink(double factor)
    {
        _background = Math.Max(1, _background * factor * factor);
        _lower = Math.Max(_floor, _lower * factor);
        _background = Math.Min(_background, _lower);
    }

    private void Grow()
    {
        _lower = Math.Min(_ceiling, _lower + Math.Max(MinStep, _lower * StepShare));
        _background = Math.Min(_lower, _background + (Math.Max(MinStep, _background * StepShare) / 2));
    }

    /// <summary>Halves the limit's distance to <paramref name="target"/> (never raises it; within a step of it, lands on it); Background stays at most the limit.</summary>
    private void Decay(int target)
    {
        if (_lower > target)
        {
            var excess = (_lower - target) * DecayShare;
            _lower = excess < MinStep ? target : target + excess;
        }

        _background = Math.Min(_background, _lower);
    }
}
