using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>Checks <see cref="AdoNetReminderTableOptions"/> at start-up; failures name the setting.</summary>
internal sealed class AdoNetReminderTableOptionsValidator : IValidateOptions<AdoNetReminderTableOptions>
{
    public ValidateOptionsResult Validate(string? name, AdoNetReminderTableOptions options)
    {
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
