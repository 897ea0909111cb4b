using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>Checks <see cref="TierAdmissionOptions"/> at start-up; each failure names the setting and its value.</summary>
internal sealed class TierAdmissionOptionsValidator : IValidateOptions<TierAdmissionOptions>
{
    /// <summary>The most slots per engine (the admission state packs 12 bits per tier).</summary>
    public const int MaxSlots = 4000;

    public const int MaxQueueLimit = 10000;

    public const int MaxWeight = 1000;

    public static readonly TimeSpan MaxQueueTimeout = TimeSpan.FromMinutes(5);

    public const double MinTolerance = 0.01;

    public const double MaxTolerance = 10;

    public static readonly TimeSpan MinAdaptInterval = TimeSpan.FromMilliseconds(50);

    public static readonly TimeSpan MaxAdaptInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, TierAdmissionOptions options)
    {
        var errors = new List<string>();
        var section = TierAdmissionOptions.SectionName;
        if (options.SlotsPerEngine is < 1 or > MaxSlots)
        {
            errors.Add($"{section}:SlotsPerEngine must be between 1 and {MaxSlots}; it is {options.SlotsPerEngine}.");
        }

        if (options.ReservedHigh < 0 || options.ReservedHigh >= Math.Max(1, options.SlotsPerEngine))
        {
            errors.Add($"{section}:ReservedHigh must be at least 0 and less than {section}:SlotsPerEngine ({options.SlotsPerEngine}); it is {options.ReservedHigh}.");
        }

        if (options.BackgroundMaxSlots < 1)
        {
            errors.Add($"{section}:BackgroundMaxSlots must be at least 1 (a cap at or above {section}:SlotsPerEngine never throttles); it is {options.BackgroundMaxSlots}.");
        }

        if (options.QueueTimeout <= TimeSpan.Zero || options.QueueTimeout > MaxQueueTimeout)
        {
            errors.Add($"{section}:QueueTimeout must be positive and at most {MaxQueueTimeout}; it is {options.QueueTimeout}.");
        }

        if (!double.IsFinite(options.AdaptiveTolerance) || options.AdaptiveTolerance < MinTolerance || options.AdaptiveTolerance > MaxTolerance)
        {
            errors.Add($"{section}:AdaptiveTolerance must be between {MinTolerance} and {MaxTolerance}; it is {options.AdaptiveTolerance}.");
        }

        var lowerSlots = options.SlotsPerEngine - options.ReservedHigh;
        if (options.MinLowSlots < 1 || options.MinLowSlots > Math.Max(1, lowerSlots))
        {
            errors.Add($"{section}:MinLowSlots must be at least 1 and at most {section}:SlotsPerEngine − ReservedHigh ({lowerSlots}); it is {options.MinLowSlots}.");
        }

        if (options.AdaptInterval < MinAdaptInterval || options.AdaptInterval > MaxAdaptInterval)
        {
            errors.Add($"{section}:AdaptInterval must be between {MinAdaptInterval} and {MaxAdaptInterval}; it is {options.AdaptInterval}.");
        }

        Check(errors, $"{section}:Weights", options.Weights, 1, MaxWeight);
        Check(errors, $"{section}:QueueLimit", options.QueueLimit, 0, MaxQueueLimit);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string setting, TierValues? values, int min, int max)
    {
        if (values is null)
        {
            errors.Add($"{setting} must be set for High, Medium, Low and Background.");
            return;
        }

        foreach (var tier in Enum.GetValues<Tier>())
        {
            if (values[tier] < min || values[tier] > max)
            {
                errors.Add($"{setting}:{tier} must be between {min} and {max}; it is {values[tier]}.");
            }
        }
    }
}
