namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// The adaptive limit of one engine's lower tiers (docs/tiers.md, "Adaptive limit"): how many slots Low and Background
/// may hold together (<see cref="Lower"/>) and Background alone (<see cref="Background"/>), driven once per interval by
/// High's mean statement latency (admitted → released) against its quiet baseline. Above
/// <c>baseline × (1 + tolerance)</c> both shrink multiplicatively (Background twice as fast: it is throttled first),
/// never below the floors; otherwise, or when too few High statements ran to tell, they grow back additively
/// (Background last). Pure logic, not thread-safe: <see cref="EngineAdmission"/> calls <see cref="Adapt"/> under its lock.
/// </summary>
internal sealed class AdaptiveLimit
{
    /// <summary>High statements an interval needs before its mean is a signal; fewer: nothing to protect, grow.</summary>
    public const int MinSamples = 10;

    /// <summary>How fast the baseline may rise per interval (0.2%: about × 1.25 in 110 intervals), so it follows a lasting change of High's own work but not a load burst.</summary>
    public const double BaselineDrift = 0.002;

    /// <summary>The smallest additive step (a quarter slot): a small limit probes upward over a few quiet intervals, not at once.</summary>
    public const double MinStep = 0.25;

    /// <summary>The additive step as a share of the limit (10%), so a large ceiling recovers in tens of intervals.</summary>
    public const double StepShare = 0.1;

    private readonly int _ceiling;
    private readonly int _floor;
    private readonly double _tolerance;
    private double _lower;
    private double _background;

    /// <param name="ceiling">The most slots Low and Background may hold (<c>SlotsPerEngine − ReservedHigh</c>).</param>
    /// <param name="floor">The fewest (<c>MinLowSlots</c>): Low's minimum share.</param>
    /// <param name="tolerance">How far above its baseline High's latency may rise before the limit shrinks.</param>
    public AdaptiveLimit(int ceiling, int floor, double tolerance)
    {
        (_ceiling, _floor, _tolerance) = (Math.Max(1, ceiling), Math.Clamp(floor, 1, Math.Max(1, ceiling)), tolerance);
        (_lower, _background) = (_ceiling, _ceiling);
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

    /// <summary>Shrinks or grows the limits after <paramref name="intervals"/> intervals (more than one: the engine was idle; each counts as one without High).</summary>
    /// <param name="highStatements">High statements released since the last call.</param>
    /// <param name="highMeanMs">Their mean latency (admitted → released), in ms.</param>
    /// <param name="intervals">Whole intervals since the last call (at least 1).</param>
    /// <returns>True when <see cref="Lower"/> or <see cref="Background"/> changed.</returns>
    public bool Adapt(long highStatements, double highMeanMs, int intervals)
    {
        var before = (Lower, Background);
        if (highStatements < MinSamples)
        {
            for (var i = 0; i < Math.Max(1, intervals); i++)
            {
                Grow();
            }

            return before != (Lower, Background);
        }

        RecentMs = highMeanMs;
        var threshold = BaselineMs * (1 + _tolerance);
        if (BaselineMs > 0 && highMeanMs > threshold)
        {
            Shrink(Math.Clamp(threshold / highMeanMs, 0.25, 0.5));
        }
        else
        {
            Grow();
        }

        BaselineMs = BaselineMs <= 0 ? highMeanMs
            : highMeanMs < BaselineMs ? (BaselineMs + highMeanMs) / 2
            : Math.Min(highMeanMs, BaselineMs * (1 + BaselineDrift));
        return before != (Lower, Background);
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
}
