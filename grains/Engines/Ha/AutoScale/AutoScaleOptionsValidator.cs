namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>Validates an engine's <see cref="AutoScaleOptions"/> (only when enabled); every failure names the setting.</summary>
public static class AutoScaleOptionsValidator
{
    /// <summary>Every problem found, as sentences naming the setting as <c>{at}:AutoScale:{Setting}</c>; empty when valid or disabled.</summary>
    public static IReadOnlyList<string> Validate(EngineOptions engine, string at)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var options = engine.AutoScale;
        var failures = new List<string>();
        if (options is null || !options.Enabled)
        {
            return failures;
        }

        var max = ReplicationGroupOptions.MaxReplicas;
        if (engine.Kind != EngineKinds.PostgresHa || engine.Members.Count > 0)
        {
            failures.Add($"{at}:AutoScale:Enabled: auto-scaling needs a {EngineKinds.PostgresHa} group the silo runs, but engine '{engine.Id}' is {(engine.Kind == EngineKinds.PostgresHa ? "a registered group (Members)" : $"of kind '{engine.Kind}'")}.");
        }

        if (options.MinStandbys < 1 || options.MinStandbys > max)
        {
            failures.Add($"{at}:AutoScale:MinStandbys: must be between 1 and {max}, not {options.MinStandbys}.");
        }

        if (options.MaxStandbys < options.MinStandbys || options.MaxStandbys > max)
        {
            failures.Add($"{at}:AutoScale:MaxStandbys: must be between MinStandbys ({options.MinStandbys}) and {max}, not {options.MaxStandbys}.");
        }

        if (options.MaxStandbys < engine.Replicas)
        {
            failures.Add($"{at}:AutoScale:MaxStandbys: {options.MaxStandbys} is below the engine's Replicas ({engine.Replicas}), which it always keeps.");
        }

        if (!double.IsFinite(options.ScaleUpLoad) || options.ScaleUpLoad <= 0)
        {
            failures.Add($"{at}:AutoScale:ScaleUpLoad: must be a positive number of active backends per standby, not {options.ScaleUpLoad}.");
        }

        if (!double.IsFinite(options.ScaleDownLoad) || options.ScaleDownLoad < 0 || options.ScaleDownLoad >= options.ScaleUpLoad)
        {
            failures.Add($"{at}:AutoScale:ScaleDownLoad: must be at least 0 and below ScaleUpLoad ({options.ScaleUpLoad}), not {options.ScaleDownLoad}.");
        }

        if (options.Sustain < TimeSpan.Zero)
        {
            failures.Add($"{at}:AutoScale:Sustain: must not be negative, not {options.Sustain}.");
        }

        if (options.Cooldown < TimeSpan.Zero)
        {
            failures.Add($"{at}:AutoScale:Cooldown: must not be negative, not {options.Cooldown}.");
        }

        if (options.Interval < TimeSpan.FromMilliseconds(50))
        {
            failures.Add($"{at}:AutoScale:Interval: must be at least 50 ms, not {options.Interval}.");
        }

        return failures;
    }
}
