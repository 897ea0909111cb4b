namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Validates one engine's <see cref="EngineHealthOptions"/>; every failure names the setting (<c>DynamicDb:Engines:N:Health:X</c>) and the bad value.</summary>
public static class EngineHealthOptionsValidator
{
    /// <summary>The most probes a round may have.</summary>
    public const int MaxProbes = 100;

    /// <summary>The highest weight.</summary>
    public const double MaxWeight = 1000;

    /// <summary>Adds a sentence to <paramref name="failures"/> for every bad setting of <paramref name="options"/>; <paramref name="engineAt"/> is e.g. <c>DynamicDb:Engines:0</c>.</summary>
    public static void Validate(EngineHealthOptions? options, string engineAt, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var at = $"{engineAt}:Health";
        if (options is null)
        {
            failures.Add($"{at}: must not be empty.");
            return;
        }

        Positive(options.HealthCheckInterval, $"{at}:{nameof(EngineHealthOptions.HealthCheckInterval)}", failures);
        Positive(options.HealthCheckTimeout, $"{at}:{nameof(EngineHealthOptions.HealthCheckTimeout)}", failures);
        Positive(options.GracePeriod, $"{at}:{nameof(EngineHealthOptions.GracePeriod)}", failures);
        Positive(options.PerformanceThreshold, $"{at}:{nameof(EngineHealthOptions.PerformanceThreshold)}", failures);
        Positive(options.FailuresDetectionWindow, $"{at}:{nameof(EngineHealthOptions.FailuresDetectionWindow)}", failures);
        Require(options.HealthCheckProbesDelay >= TimeSpan.Zero,
            $"{at}:{nameof(EngineHealthOptions.HealthCheckProbesDelay)}: must not be negative, not {options.HealthCheckProbesDelay}.", failures);
        Require(options.HealthCheckProbes is >= 1 and <= MaxProbes,
            $"{at}:{nameof(EngineHealthOptions.HealthCheckProbes)}: must be between 1 and {MaxProbes}, not {options.HealthCheckProbes}.", failures);
        Require(ProbePolicy.IsKnown(options.Policy),
            $"{at}:{nameof(EngineHealthOptions.Policy)}: '{options.Policy}' is not a probe policy; use {EngineHealthOptions.PolicyAll}, {EngineHealthOptions.PolicyAny} or {EngineHealthOptions.PolicyMajority}.", failures);
        Require(double.IsFinite(options.Weight) && options.Weight is >= 0 and <= MaxWeight,
            $"{at}:{nameof(EngineHealthOptions.Weight)}: must be between 0 and {MaxWeight}, not {options.Weight}.", failures);
        Require(options.MinNumFailures >= 1,
            $"{at}:{nameof(EngineHealthOptions.MinNumFailures)}: must be at least 1, not {options.MinNumFailures}.", failures);
        Require(double.IsFinite(options.FailureRateThreshold) && options.FailureRateThreshold is > 0 and <= 1,
            $"{at}:{nameof(EngineHealthOptions.FailureRateThreshold)}: must be above 0 and at most 1, not {options.FailureRateThreshold}.", failures);
        Require(options.MinFreeSpaceBytes >= 0,
            $"{at}:{nameof(EngineHealthOptions.MinFreeSpaceBytes)}: must not be negative, not {options.MinFreeSpaceBytes}.", failures);
        Require(options.QuickCheckMaxBytes >= 0,
            $"{at}:{nameof(EngineHealthOptions.QuickCheckMaxBytes)}: must not be negative, not {options.QuickCheckMaxBytes}.", failures);
    }

    private static void Positive(TimeSpan value, string setting, List<string> failures) =>
        Require(value > TimeSpan.Zero, $"{setting}: must be positive, not {value}.", failures);

    private static void Require(bool condition, string failure, List<string> failures)
    {
        if (!condition)
        {
            failures.Add(failure);
        }
    }
}
