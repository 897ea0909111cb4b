using System.Globalization;

namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>
/// Turns load samples into scale decisions (pure logic, time from a <see cref="TimeProvider"/>): Up once the standbys'
/// average load has stayed at or above <see cref="AutoScaleOptions.ScaleUpLoad"/> in every sample for
/// <see cref="AutoScaleOptions.Sustain"/> and there are fewer than <see cref="AutoScaleOptions.MaxStandbys"/>; Down once it
/// has stayed below <see cref="AutoScaleOptions.ScaleDownLoad"/> for as long, there are more than the minimum and an
/// auto-added standby to remove. One sample the other way restarts the clock; after a change (or a failed attempt)
/// nothing is decided for <see cref="AutoScaleOptions.Cooldown"/>, and the clocks restart.
/// </summary>
public sealed class AutoScaleDecider(AutoScaleOptions options, int minimumStandbys, TimeProvider time)
{
    private DateTimeOffset? _overSince;
    private DateTimeOffset? _underSince;
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;

    /// <summary>The fewest standbys kept: the larger of <see cref="AutoScaleOptions.MinStandbys"/> and the group's own minimum.</summary>
    public int Minimum { get; } = Math.Max(options.MinStandbys, minimumStandbys);

    /// <summary>The decision for a sample: <paramref name="load"/> (average active backends per standby; null when none answered), the standbys now, and whether one was auto-added.</summary>
    public AutoScaleDecision Observe(double? load, int standbys, bool hasAutoAdded)
    {
        var now = time.GetUtcNow();
        if (load is not { } average || now < _quietUntil)
        {
            _overSince = _underSince = null;
            return AutoScaleDecision.None;
        }

        _overSince = average >= options.ScaleUpLoad ? _overSince ?? now : null;
        _underSince = average < options.ScaleDownLoad ? _underSince ?? now : null;
        var shown = average.ToString("0.##", CultureInfo.InvariantCulture);
        if (_overSince is { } over && now - over >= options.Sustain && standbys < options.MaxStandbys)
        {
            return new AutoScaleDecision(AutoScaleDirection.Up,
                $"the {standbys} standbys averaged {shown} active backends, at or above ScaleUpLoad {Shown(options.ScaleUpLoad)} for {Seconds(now - over)} s (Sustain {Seconds(options.Sustain)} s); MaxStandbys is {options.MaxStandbys}");
        }

        if (_underSince is { } under && now - under >= options.Sustain && standbys > Minimum && hasAutoAdded)
        {
            return new AutoScaleDecision(AutoScaleDirection.Down,
                $"the {standbys} standbys averaged {shown} active backends, below ScaleDownLoad {Shown(options.ScaleDownLoad)} for {Seconds(now - under)} s (Sustain {Seconds(options.Sustain)} s); the minimum is {Minimum}");
        }

        return AutoScaleDecision.None;
    }

    /// <summary>A change was made or tried: nothing more is decided for the cooldown, and the load is judged afresh after it.</summary>
    public void Acted()
    {
        _quietUntil = time.GetUtcNow() + options.Cooldown;
        _overSince = _underSince = null;
    }

    private static string Shown(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
