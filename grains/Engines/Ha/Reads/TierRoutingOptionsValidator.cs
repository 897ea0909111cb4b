using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>Checks <see cref="TierRoutingOptions"/> at start-up; each failure names the setting and the bad value.</summary>
public sealed class TierRoutingOptionsValidator : IValidateOptions<TierRoutingOptions>
{
    /// <summary>The longest <see cref="TierRoutingOptions.MaxStandbyLag"/> allowed.</summary>
    public static readonly TimeSpan LongestLag = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, TierRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var at = TierRoutingOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxStandbyLag <= TimeSpan.Zero || options.MaxStandbyLag > LongestLag)
        {
            failures.Add($"{at}:MaxStandbyLag: must be more than 0 and at most {LongestLag}, not {options.MaxStandbyLag}.");
        }

        if (options.LagPollInterval < TimeSpan.FromMilliseconds(10) || options.LagPollInterval >= options.MaxStandbyLag)
        {
            failures.Add($"{at}:LagPollInterval: must be at least 10 ms and shorter than MaxStandbyLag ({options.MaxStandbyLag}), not {options.LagPollInterval}.");
        }

        if (options.MediumPrimaryInFlight < 0)
        {
            failures.Add($"{at}:MediumPrimaryInFlight: must not be negative, not {options.MediumPrimaryInFlight}.");
        }

        if (options.MaxTrackedSessions < 100)
        {
            failures.Add($"{at}:MaxTrackedSessions: must be at least 100, not {options.MaxTrackedSessions}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
