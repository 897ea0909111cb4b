using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// Validates <see cref="TierOptions"/> at start-up, each failure naming the setting and its value: rules need a match
/// field and a known tier, and a configured model path must load.
/// </summary>
internal sealed class TierOptionsValidator(TierModelSource models) : IValidateOptions<TierOptions>
{
    public ValidateOptionsResult Validate(string? name, TierOptions options)
    {
        List<string> failures = [];
        if (!(options.SwitchMargin is >= 0 and < 1))
        {
            failures.Add($"{TierOptions.Setting(nameof(TierOptions.SwitchMargin))} must be from 0 up to (not including) 1; it is {options.SwitchMargin}.");
        }

        if (options.MinStatements is < 0 or > 1_000_000)
        {
            failures.Add($"{TierOptions.Setting(nameof(TierOptions.MinStatements))} must be between 0 and 1000000; it is {options.MinStatements}.");
        }

        Check(options.MinDwell, nameof(TierOptions.MinDwell), TimeSpan.Zero, TimeSpan.FromDays(1));
        Check(options.RescoreInterval, nameof(TierOptions.RescoreInterval), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"{TierOptions.Setting(nameof(TierOptions.Rules))}:{i}";
            if (!rule.HasMatch)
            {
                failures.Add($"{key} matches every session: set at least one of {key}:App, {key}:User, {key}:ApplicationNamePrefix or {key}:Database.");
            }

            if (!TierRule.TryParseTier(rule.Tier, out _))
            {
                failures.Add($"{key}:Tier must be High, Medium, Low or Background; it is '{rule.Tier}'.");
            }
        }

        if (failures.Count == 0 && models.Error(options) is { } error)
        {
            failures.Add(error);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(TimeSpan value, string property, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                failures.Add($"{TierOptions.Setting(property)} must be between {min} and {max}; it is {value}.");
            }
        }
    }
}
