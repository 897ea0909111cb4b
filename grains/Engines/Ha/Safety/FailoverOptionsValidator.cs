namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>Validates <see cref="FailoverOptions"/>; every failure names the setting, e.g. <c>DynamicDb:Engines:0:Failover:Attempts</c>.</summary>
public static class FailoverOptionsValidator
{
    /// <summary>The most tries <see cref="FailoverOptions.Attempts"/> allows.</summary>
    public const int MaxAttempts = 10;

    /// <summary>Adds a sentence per problem of <paramref name="options"/> to <paramref name="failures"/>; <paramref name="engine"/> is the engine's setting path.</summary>
    public static void Validate(FailoverOptions options, string engine, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        var at = $"{engine}:Failover";
        EngineOptionsValidator.Require(options.Attempts is >= 1 and <= MaxAttempts,
            $"{at}:Attempts: must be between 1 (no retry) and {MaxAttempts}, not {options.Attempts}.", failures);
        EngineOptionsValidator.Require(options.Delay >= TimeSpan.Zero && options.Delay <= TimeSpan.FromMinutes(1),
            $"{at}:Delay: must be between 0 and 1 minute, not {options.Delay}.", failures);
        EngineOptionsValidator.Require(options.SyncStandbyTimeout >= TimeSpan.Zero,
            $"{at}:SyncStandbyTimeout: must not be negative (0 waits without limit), not {options.SyncStandbyTimeout}.", failures);
        EngineOptionsValidator.Require(options.OutcomeWait >= TimeSpan.Zero,
            $"{at}:OutcomeWait: must not be negative, not {options.OutcomeWait}.", failures);
    }
}
