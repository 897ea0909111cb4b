using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>Checks <see cref="UiOptions"/> at start-up; every failure names its setting and value.</summary>
internal sealed class UiOptionsValidator : IValidateOptions<UiOptions>
{
    public ValidateOptionsResult Validate(string? name, UiOptions options)
    {
        var failures = new List<string>();
        Range(failures, nameof(UiOptions.SessionLifetime), options.SessionLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Range(failures, nameof(UiOptions.RefreshInterval), options.RefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(failures, nameof(UiOptions.SampleInterval), options.SampleInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (options.MaxSessions is < 1 or > 100_000)
        {
            failures.Add($"{UiOptions.Setting(nameof(UiOptions.MaxSessions))} is {options.MaxSessions}; it must be from 1 to 100000.");
        }

        if (options.SamplesKept is < 10 or > 100_000)
        {
            failures.Add($"{UiOptions.Setting(nameof(UiOptions.SamplesKept))} is {options.SamplesKept}; it must be from 10 to 100000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{UiOptions.Setting(setting)} is {value}; it must be from {min} to {max}.");
        }
    }
}
